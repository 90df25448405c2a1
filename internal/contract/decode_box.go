package contract

import (
	"encoding/json"
	"unsafe"
)

// stringSlab holds the headers of one decoded body's strings and numbers. Putting a string into
// an interface copies its header to the heap, one allocation a string; headers taken from one
// slab, made on the first string for the body's number of strings, cost one allocation a body.
// The interfaces point into the slab, whose entries are never written again once boxed.
type stringSlab struct {
	headers []string
	size    int // the headers the slab is made for
}

func (s *stringSlab) add(str string) *string {
	if s.headers == nil {
		s.headers = make([]string, 0, s.size)
	}
	s.headers = append(s.headers, str) // were it to grow, earlier entries would stay where they were boxed
	return &s.headers[len(s.headers)-1]
}

func (s *stringSlab) box(str string) any {
	return boxedAt(s.add(str))
}

// boxNumber is box for a number's text, boxed as the json.Number it is (a string underneath).
func (s *stringSlab) boxNumber(text string) any {
	return boxedAt((*json.Number)(unsafe.Pointer(s.add(text))))
}

// eface is the layout of an interface value of type any: its dynamic type, and a pointer to the
// value itself for a type, such as string, that does not fit in a pointer.
type eface struct {
	typ, data unsafe.Pointer
}

// boxedAt is the interface holding the string *p, without copying it: *p must never change.
func boxedAt[T ~string](p *T) any {
	var v any = T("")
	(*eface)(unsafe.Pointer(&v)).data = unsafe.Pointer(p)
	return v
}
