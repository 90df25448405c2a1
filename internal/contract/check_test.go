package contract

import (
	"net/http"
	"net/url"
	"testing"
)

const paramsDoc = `openapi: 3.0.3
info: {title: params, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: ids, in: query, required: true, schema: {type: array, maxItems: 2, items: {type: string, minLength: 2}}}
        - {name: mode, in: query, schema: {type: string, enum: [all, some]}}
      responses:
        "200": {description: ok}
`

// A query parameter is read from its plain and its bracket form together, whatever other keys the
// query holds.
func TestCheckParams_ReadsPlainAndBracketFormsTogether(t *testing.T) {
	spec, err := Load("params", []byte(paramsDoc))
	if err != nil {
		t.Fatal(err)
	}
	op := spec.Operation("listItems")
	cases := []struct {
		query string
		want  string // the failure's message, "" for none
	}{
		{"ids=ab", ""},
		{"ids[]=ab", ""},
		{"ids=ab&ids[]=cd", ""},
		{"ids=ab&ids[]=cd&ids[]=ef", "query ids: maximum number of items is 2"},
		{"ids[]=ab&ids[]=cd&ids=ef", "query ids: maximum number of items is 2"},
		{"mode=all&ids[]=ab", ""},
		{"mode=all&ids=ab", ""},
		{"mode=none&ids=ab", "query mode: value is not one of the allowed values [\"all\",\"some\"]"},
		{"other=1&ids[]=a", "query ids: minimum string length is 2"},
		{"other=1&ids=ab", ""},
		{"mode[]=none&ids=ab", "query mode: value is not one of the allowed values [\"all\",\"some\"]"},
		{"", "query ids: is required"},
		{"other=1", "query ids: is required"},
		{"mode=all", "query ids: is required"},
	}
	for _, c := range cases {
		query, err := url.ParseQuery(c.query)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if f := op.CheckParams(func(string) string { return "" }, query, http.Header{}); f != nil {
			got = f.Error()
		}
		if got != c.want {
			t.Errorf("?%s: %q, want %q", c.query, got, c.want)
		}
	}
}
