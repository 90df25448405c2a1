package parcel

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"

	"github.com/accessemu/accessemu/emulator/provider"
)

// productsByCreation lists a hub's products (every hub's for ""), oldest first.
func (w *world) productsByCreation(hubID string) []product {
	out := []product{}
	for _, pr := range w.products.All() {
		if hubID == "" || pr.HubID == hubID {
			out = append(out, pr)
		}
	}
	slices.SortFunc(out, func(a, b product) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}

// newProductID draws the next id in MongoDB ObjectId form from the world's count of created
// products, so the same requests on the same world make the same ids.
func (w *world) newProductID() string {
	for {
		w.created++
		id := fmt.Sprintf("67000000%016x", w.created)
		if !w.products.Has(id) {
			return id
		}
	}
}

// fieldSet says which of a product's fields a body sets, as the bits setField gives.
type fieldSet uint8

const (
	setsName fieldSet = 1 << iota
	setsDeveloperProductID
	setsRoleID
	setsStock
)

// setField stores a body field, already checked against the schema, in the product, and gives its
// bit when checkProduct checks it.
func (pr *product) setField(name string, v any) fieldSet {
	str := func() string { return v.(string) }
	nullable := func() *string {
		if v == nil {
			return nil
		}
		s := v.(string)
		return &s
	}
	switch name {
	case "name":
		pr.Name = str()
		return setsName
	case "description":
		pr.Description = str()
	case "developer_product_id":
		pr.DeveloperProductID = str()
		return setsDeveloperProductID
	case "file":
		pr.File = str()
	case "onsale":
		pr.Onsale = v.(bool)
	case "role_id":
		pr.RoleID = nullable()
		return setsRoleID
	case "decal_id":
		pr.DecalID = nullable()
	case "stock":
		pr.Stock = str()
		return setsStock
	case "category":
		pr.Category = nullable()
	case "instructions":
		pr.Instructions = nullable()
	}
	return 0
}

// checkProduct runs create's checks, in the docs' order, on the fields a request sets: the name is
// the hub's only one, the developer product exists, and on Pro hubs role_id and stock are valid.
func (w *world) checkProduct(hubID, selfID string, pr *product, set fieldSet) error {
	if set&setsName != 0 && w.nameTaken(hubID, selfID, pr.Name) {
		return nameInUse(pr.Name)
	}
	if set&setsDeveloperProductID != 0 && len(w.opts.DeveloperProductIDs) > 0 &&
		!slices.Contains(w.opts.DeveloperProductIDs, pr.DeveloperProductID) {
		return ErrDeveloperProductNotFound
	}
	if set&(setsRoleID|setsStock) == 0 || w.hubs[hubID].Plan != planPro {
		return nil
	}
	if set&setsRoleID != 0 && (pr.RoleID == nil || !digits(*pr.RoleID, 1, 64)) {
		return ErrMissingRoleID
	}
	if set&setsStock != 0 && pr.Stock != "unlimited" && !digits(pr.Stock, 1, 3) {
		return ErrMissingStock
	}
	return nil
}

// digits reports whether s is from least to most ASCII digits.
func digits(s string, least, most int) bool {
	if len(s) < least || len(s) > most {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (w *world) nameTaken(hubID, selfID, name string) bool {
	for _, pr := range w.products.All() {
		if pr.HubID == hubID && pr.ID != selfID && pr.Name == name {
			return true
		}
	}
	return false
}

func (w *world) createProduct(hubID string, body map[string]any) (provider.Response, error) {
	pr := product{HubID: hubID}
	var set fieldSet
	for _, f := range productFields {
		v, present := body[f.name]
		if bit := pr.setField(f.name, v); present {
			set |= bit
		}
	}
	if err := w.checkProduct(hubID, "", &pr, set); err != nil {
		return provider.Response{}, err
	}
	pr.ID = w.newProductID()
	w.seq++
	pr.Seq = w.seq
	w.storeProduct(pr)
	var out productCreated
	out.Status, out.Message = "200", "OK"
	out.Data.State, out.Data.Product = "Product created", pr
	return provider.Response{Status: 200, Body: out}, nil
}

// updateProduct sets the fields the body has; no body, or an empty one, changes nothing.
func (w *world) updateProduct(hubID, id string, body map[string]any) (provider.Response, error) {
	old, ok := w.productOf(hubID, id)
	if !ok {
		return provider.Response{}, ErrProductDoesNotExist
	}
	next := old
	var set fieldSet
	for name, v := range body { // every field sets its own member: the order does not matter
		set |= next.setField(name, v)
	}
	if err := w.checkProduct(hubID, id, &next, set); err != nil {
		return provider.Response{}, err
	}
	w.storeProduct(next)
	return provider.Response{Status: 200, Body: updatedAnswer(&old, &next)}, nil
}

// updatedAnswer is update's answer, written on the stack and copied out at its size, rather than
// boxed for the pipeline's encoder.
func updatedAnswer(old, next *product) []byte {
	var buf [256]byte
	out := productUpdated{Status: "200", Message: "OK"}
	out.Data.State, out.Data.Changes = "Product updated", productChanges{old: *old, next: *next}
	b, _ := out.AppendJSON(buf[:0])
	return bytes.Clone(b)
}

// deleteProduct removes the product and every licence of it.
func (w *world) deleteProduct(hubID, id string) (provider.Response, error) {
	pr, ok := w.productOf(hubID, id)
	if !ok {
		return provider.Response{}, ErrProductDoesNotExist
	}
	w.dropProduct(id)
	var gone []license
	for l := range w.licenses.All() {
		if l.ProductID == id {
			gone = append(gone, l)
		}
	}
	for _, l := range gone {
		w.licenses.Delete(l)
	}
	var out productDeleted
	out.Status, out.Message = "200", "OK"
	out.Data.State, out.Data.Product.ID, out.Data.Product.Name = "Product deleted", pr.ID, pr.Name
	return provider.Response{Status: 200, Body: out}, nil
}

func (w *world) getProduct(hubID, id string) (provider.Response, error) {
	pr, ok := w.productOf(hubID, id)
	if !ok {
		return provider.Response{}, ErrProductDoesNotExist
	}
	// Written here, in one allocation of about its size, rather than boxed for the pipeline's
	// encoder.
	answer := keptProduct(&pr, func() []byte {
		b, _ := productFetched{Status: "200", Message: "OK", Data: pr}.AppendJSON(make([]byte, 0, productSize(&pr)))
		return b
	})
	return provider.Response{Status: 200, Body: answer}, nil
}

// productSize is the length of get product's answer for the product when its strings need no
// escaping: 188 bytes of keys and flags at their longest, besides the values.
func productSize(pr *product) int {
	n := 188 + len(pr.ID) + len(pr.Name) + len(pr.Description) + len(pr.DeveloperProductID) + len(pr.File) + len(pr.Stock)
	for _, s := range []*string{pr.RoleID, pr.DecalID, pr.Category, pr.Instructions} {
		if s == nil {
			n += len("null")
		} else {
			n += len(*s) + 2
		}
	}
	return n
}

func (w *world) listProducts(hubID string) (provider.Response, error) {
	kept := &w.answers[w.hubs[hubID].index].list
	if body := kept.Load(); body != nil {
		return provider.Response{Status: 200, Body: body}, nil
	}
	body := w.productListBody(hubID)
	kept.Store(body) // readers share the state's read lock: each one that gets here writes the same bytes
	return provider.Response{Status: 200, Body: body}, nil
}

func (w *world) productListBody(hubID string) []byte {
	var out productList
	out.Status, out.Message = "200", "OK"
	out.Data.Products = w.productsByCreation(hubID)
	out.Data.Amount = len(out.Data.Products)
	body, _ := out.AppendJSON(nil) // never fails
	return body
}

func (w *world) getHub(hubID string) (provider.Response, error) {
	kept := &w.answers[w.hubs[hubID].index].hub
	if body := kept.Load(); body != nil {
		return provider.Response{Status: 200, Body: body}, nil
	}
	body := w.hubBody(hubID)
	kept.Store(body)
	return provider.Response{Status: 200, Body: body}, nil
}

func (w *world) hubBody(hubID string) []byte {
	h := w.hubs[hubID]
	var out hubFetched
	out.Status, out.Message = "200", "OK"
	out.Data.ID, out.Data.Name, out.Data.Products = h.ID, h.Name, w.productsByCreation(hubID)
	body, _ := out.AppendJSON(nil) // never fails
	return body
}
