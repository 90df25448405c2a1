package parcel

import "encoding/json"

// The 200 bodies of the product and hub endpoints, their keys in the order Parcel writes them.

// productCreated is the 200 body of create; data.product is the stored product.
type productCreated struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Data    struct {
		State   string  `json:"state"`
		Product product `json:"product"`
	} `json:"data"`
}

// productUpdated is the 200 body of update; data.changes holds the fields whose value changed.
type productUpdated struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Data    struct {
		State   string         `json:"state"`
		Changes productChanges `json:"changes"`
	} `json:"data"`
}

// productChanges holds each changed field's new value as JSON, in the product's field order; an
// unchanged field is left out, a field changed to null is null.
type productChanges struct {
	Name               json.RawMessage `json:"name,omitempty"`
	Description        json.RawMessage `json:"description,omitempty"`
	DeveloperProductID json.RawMessage `json:"developer_product_id,omitempty"`
	File               json.RawMessage `json:"file,omitempty"`
	Onsale             json.RawMessage `json:"onsale,omitempty"`
	RoleID             json.RawMessage `json:"role_id,omitempty"`
	DecalID            json.RawMessage `json:"decal_id,omitempty"`
	Stock              json.RawMessage `json:"stock,omitempty"`
	Category           json.RawMessage `json:"category,omitempty"`
	Instructions       json.RawMessage `json:"instructions,omitempty"`
}

type productDeleted struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Data    struct {
		State   string `json:"state"`
		Product struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"product"`
	} `json:"data"`
}

type productFetched struct {
	Status  string  `json:"status"`
	Message string  `json:"message"`
	Data    product `json:"data"`
}

type productList struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Data    struct {
		Amount   int       `json:"amount"`
		Products []product `json:"products"`
	} `json:"data"`
}

type hubFetched struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Data    struct {
		ID       string    `json:"id"`
		Name     string    `json:"name"`
		Products []product `json:"products"`
	} `json:"data"`
}
