package parcel

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

// productChanges is an update's product before and after; its answer holds each field whose value,
// written as JSON, changed, in the product's field order, a field changed to null being null.
type productChanges struct {
	old, next product
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
