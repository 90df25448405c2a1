package kept

import (
	"bytes"
	"testing"
)

func TestAnswers_GivesTheKeptAnswerOnlyForAnEqualValue(t *testing.T) {
	a := New[string]()
	writes := 0
	write := func(s string) func() []byte {
		return func() []byte { writes++; return []byte(s) }
	}
	if got := a.For("id1", "v1", write("one")).([]byte); !bytes.Equal(got, []byte("one")) || writes != 1 {
		t.Fatalf("first read: %s after %d writes", got, writes)
	}
	if got := a.For("id1", "v1", write("other")).([]byte); !bytes.Equal(got, []byte("one")) || writes != 1 {
		t.Fatalf("same value: %s after %d writes, want the kept answer", got, writes)
	}
	if got := a.For("id1", "v2", write("two")).([]byte); !bytes.Equal(got, []byte("two")) || writes != 2 {
		t.Fatalf("changed value: %s after %d writes, want a new answer", got, writes)
	}
}
