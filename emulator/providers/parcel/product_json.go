package parcel

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/accessemu/accessemu/internal/jsonout"
)

// The answers of the product reads (get product, list products, get hub) and of update, written as
// encoding/json would write them (product_json_test.go compares the two): a hub's product list is
// read far more often than it changes, and reflection was most of their cost.

// AppendJSON writes get product's answer.
func (f productFetched) AppendJSON(b []byte) ([]byte, error) {
	b = statusOK(b, f.Status, f.Message)
	return append(f.Data.appendJSON(jsonout.Key(append(b, ','), "data")), '}'), nil
}

// AppendJSON writes list products' answer.
func (l productList) AppendJSON(b []byte) ([]byte, error) {
	b = statusOK(b, l.Status, l.Message)
	b = strconv.AppendInt(jsonout.Key(append(jsonout.Key(append(b, ','), "data"), '{'), "amount"), int64(l.Data.Amount), 10)
	b = appendProducts(jsonout.Key(append(b, ','), "products"), l.Data.Products)
	return append(b, "}}"...), nil
}

// AppendJSON writes get hub's answer.
func (h hubFetched) AppendJSON(b []byte) ([]byte, error) {
	b = statusOK(b, h.Status, h.Message)
	b = jsonout.String(jsonout.Key(append(jsonout.Key(append(b, ','), "data"), '{'), "id"), h.Data.ID)
	b = jsonout.String(jsonout.Key(append(b, ','), "name"), h.Data.Name)
	b = appendProducts(jsonout.Key(append(b, ','), "products"), h.Data.Products)
	return append(b, "}}"...), nil
}

// statusOK opens an answer with its status and message.
func statusOK(b []byte, status, message string) []byte {
	b = jsonout.String(jsonout.Key(append(b, '{'), "status"), status)
	return jsonout.String(jsonout.Key(append(b, ','), "message"), message)
}

func appendProducts(b []byte, products []product) []byte {
	if products == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range products {
		if i > 0 {
			b = append(b, ',')
		}
		b = products[i].appendJSON(b)
	}
	return append(b, ']')
}

func (pr *product) appendJSON(b []byte) []byte {
	b = jsonout.String(jsonout.Key(append(b, '{'), "id"), pr.ID)
	b = jsonout.String(jsonout.Key(append(b, ','), "name"), pr.Name)
	b = jsonout.String(jsonout.Key(append(b, ','), "description"), pr.Description)
	b = jsonout.String(jsonout.Key(append(b, ','), "developer_product_id"), pr.DeveloperProductID)
	b = jsonout.String(jsonout.Key(append(b, ','), "file"), pr.File)
	b = jsonout.Bool(jsonout.Key(append(b, ','), "onsale"), pr.Onsale)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "role_id"), pr.RoleID)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "decal_id"), pr.DecalID)
	b = jsonout.String(jsonout.Key(append(b, ','), "stock"), pr.Stock)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "category"), pr.Category)
	b = jsonout.OptString(jsonout.Key(append(b, ','), "instructions"), pr.Instructions)
	return append(b, '}')
}

// AppendJSON writes update's answer.
func (u productUpdated) AppendJSON(b []byte) ([]byte, error) {
	b = statusOK(b, u.Status, u.Message)
	b = jsonout.String(jsonout.Key(append(jsonout.Key(append(b, ','), "data"), '{'), "state"), u.Data.State)
	b = u.Data.Changes.appendJSON(jsonout.Key(append(b, ','), "changes"))
	return append(b, "}}"...), nil
}

func (c *productChanges) appendJSON(b []byte) []byte {
	old, next := &c.old, &c.next
	b = append(b, '{')
	start := len(b)
	b = changedString(b, start, "name", old.Name, next.Name)
	b = changedString(b, start, "description", old.Description, next.Description)
	b = changedString(b, start, "developer_product_id", old.DeveloperProductID, next.DeveloperProductID)
	b = changedString(b, start, "file", old.File, next.File)
	if old.Onsale != next.Onsale {
		b = jsonout.Bool(changedKey(b, start, "onsale"), next.Onsale)
	}
	b = changedOptString(b, start, "role_id", old.RoleID, next.RoleID)
	b = changedOptString(b, start, "decal_id", old.DecalID, next.DecalID)
	b = changedString(b, start, "stock", old.Stock, next.Stock)
	b = changedOptString(b, start, "category", old.Category, next.Category)
	b = changedOptString(b, start, "instructions", old.Instructions, next.Instructions)
	return append(b, '}')
}

// changedKey opens a change in the object whose members begin at start.
func changedKey(b []byte, start int, name string) []byte {
	if len(b) > start {
		b = append(b, ',')
	}
	return jsonout.Key(b, name)
}

func changedString(b []byte, start int, name, old, next string) []byte {
	if sameJSONString(old, next) {
		return b
	}
	return jsonout.String(changedKey(b, start, name), next)
}

func changedOptString(b []byte, start int, name string, old, next *string) []byte {
	if old == nil && next == nil || old != nil && next != nil && sameJSONString(*old, *next) {
		return b
	}
	return jsonout.OptString(changedKey(b, start, name), next)
}

// sameJSONString reports whether a and b are written as the same JSON string: distinct valid UTF-8
// never is, but encoding/json writes every invalid byte as U+FFFD.
func sameJSONString(a, b string) bool {
	if a == b {
		return true
	}
	if utf8.ValidString(a) && utf8.ValidString(b) {
		return false
	}
	return bytes.Equal(jsonout.String(nil, a), jsonout.String(nil, b))
}
