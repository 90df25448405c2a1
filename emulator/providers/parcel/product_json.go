package parcel

import (
	"strconv"

	"github.com/accessemu/accessemu/internal/jsonout"
)

// The answers of the product reads (get product, list products, get hub), written as encoding/json
// would write them (product_json_test.go compares the two): a hub's product list is read far more
// often than it changes, and reflection was most of its cost.

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
