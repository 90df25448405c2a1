package airtable

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/brianvoe/gofakeit/v6"
)

// defaultUsers is the default world's enterprise account and users, which a generated world keeps.
const defaultUsers = `airtable:
  enterprise_accounts:
    - id: ` + defaultAccount + `
      email_domains: [example.com, bar.com, bam.com]
      users:
        - {id: usrEmuAdmin000001, email: admin1@example.com, name: Ada Admin, admin: true}
        - {id: usrEmuAdmin000002, email: admin2@example.com, name: Alan Admin, admin: true}
        - {id: usrEmuMember00001, email: member@example.com, name: Mia Member}
        - {id: usrEmuSuper000001, email: super@example.com, name: Sam Super, super_admin: true}
        - {id: usrL2PNC5o3H4lBEi, email: foo@bar.com, name: foo baz, admin: true}
        - {id: usrFooBam00000001, email: foo@bam.com, name: foo bam}
        - {id: usrGcrteE5fUMqq0R, email: guest@outside.example.org, name: Gus Guest, member: false}
`

// defaultTokens is the default world's tokens, which a generated world keeps.
const defaultTokens = `  tokens:
    - token: ` + defaultToken + `
      user: usrEmuAdmin000001
      scopes: [enterprise.user:read, enterprise.user:write]
    - token: patEmuReadOnly001.read
      user: usrEmuAdmin000001
      scopes: [enterprise.user:read]
    - token: patEmuMember00001.member
      user: usrEmuMember00001
      scopes: [enterprise.user:read, enterprise.user:write]
`

// generate writes the default enterprise account with n more users, each named only by an email
// (and an admin or membership flag): the loader fills ids and names.
func generate(w io.Writer, fake *gofakeit.Faker, n int) error {
	b := bufio.NewWriter(w)
	b.WriteString(defaultUsers)
	for i := range n {
		local := localPart(fake.FirstName() + "." + fake.LastName())
		// One in ten is an admin, one in twenty an outside collaborator.
		switch roll := fake.Number(0, 19); {
		case roll < 2:
			fmt.Fprintf(b, "        - {email: %s.%d@example.com, admin: true}\n", local, i)
		case roll == 19:
			fmt.Fprintf(b, "        - {email: %s.%d@partner.example.org, member: false}\n", local, i)
		default:
			fmt.Fprintf(b, "        - {email: %s.%d@example.com}\n", local, i)
		}
	}
	b.WriteString(defaultTokens)
	return b.Flush()
}

// localPart lower-cases a name into an email local part: letters and digits, dots between words.
func localPart(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '.' || r == ' ' || r == '-':
			b.WriteByte('.')
		}
	}
	return strings.Trim(b.String(), ".")
}
