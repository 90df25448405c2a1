package airtable

import (
	"bufio"
	"io"

	"github.com/accessemu/accessemu/emulator/provider"
	worldgen "github.com/accessemu/accessemu/internal/generate"
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

// generate writes the default enterprise account with g.N generated users: one generated_users
// directive, or with g.Expand every user as an item.
func generate(w io.Writer, g provider.Generation) error {
	b := bufio.NewWriter(w)
	b.WriteString(defaultUsers)
	switch {
	case g.N == 0:
	case g.Expand:
		gen := userGen{key: worldgen.Key(g.Seed, "airtable", defaultAccount), domain: "example.com"}
		for i := range g.N {
			gu := gen.draw(i, worldgen.NewArena(128))
			gu.writeItem(b)
		}
	default:
		b.WriteString("      generated_users: " + worldgen.Directive{Count: g.N, Seed: g.Seed}.String() + "\n")
	}
	b.WriteString(defaultTokens)
	return b.Flush()
}
