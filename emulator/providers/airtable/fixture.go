package airtable

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/brianvoe/gofakeit/v6"
	"gopkg.in/yaml.v3"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/cow"
	"github.com/accessemu/accessemu/internal/fixture"
	worldgen "github.com/accessemu/accessemu/internal/generate"
	"github.com/accessemu/accessemu/internal/worldfile/flowline"
)

// section is the airtable: part of a fixture file.
type section struct {
	Options            Options          `yaml:"options"`
	EnterpriseAccounts []accountFixture `yaml:"enterprise_accounts"`
	Tokens             []tokenFixture   `yaml:"tokens"`
}

type accountFixture struct {
	ID           string        `yaml:"id"`
	EmailDomains []string      `yaml:"email_domains"`
	Users        []userFixture `yaml:"users"`
	// CreatedTime defaults to the earliest created_time of its users.
	CreatedTime     fixture.Time       `yaml:"created_time,omitempty"`
	FLA             bool               `yaml:"fla,omitempty"`
	DomainCapturing bool               `yaml:"domain_capturing,omitempty"`
	Workspaces      []workspaceFixture `yaml:"workspaces,omitempty"`
	// GeneratedUsers adds generated users after the listed ones (see generated.go).
	GeneratedUsers *worldgen.Directive `yaml:"generated_users,omitempty"`
}

type workspaceFixture struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name,omitempty"`
	// Collaborators are the workspace's users, in the order they were added.
	Collaborators []collaboratorFixture `yaml:"collaborators"`
}

type collaboratorFixture struct {
	User string `yaml:"user"`
	// PermissionLevel defaults to owner.
	PermissionLevel string `yaml:"permission_level,omitempty"`
	// CreatedTime defaults to the account's created time; GrantedBy to the workspace's first
	// collaborator.
	CreatedTime fixture.Time `yaml:"created_time,omitempty"`
	GrantedBy   string       `yaml:"granted_by,omitempty"`
}

type userFixture struct {
	ID         string `yaml:"id"`
	Email      string `yaml:"email"`
	Name       string `yaml:"name"`
	Admin      bool   `yaml:"admin"`
	SuperAdmin bool   `yaml:"super_admin"`
	// Member defaults to true; Managed defaults to Member.
	Member  *bool `yaml:"member"`
	Managed *bool `yaml:"managed,omitempty"`
	// State is provisioned (the default) or deactivated.
	State string `yaml:"state,omitempty"`
	// EmailVerified defaults to true.
	EmailVerified *bool `yaml:"email_verified,omitempty"`
	// Removed from this account; Deleted (in every account it is listed in).
	Removed     bool         `yaml:"removed,omitempty"`
	Deleted     bool         `yaml:"deleted,omitempty"`
	LoggedOutAt fixture.Time `yaml:"logged_out_at,omitempty"`
	// These default to deterministic fake values.
	CreatedTime      fixture.Time `yaml:"created_time,omitempty"`
	LastActivityTime fixture.Time `yaml:"last_activity_time,omitempty"`
	TwoFactorEnabled *bool        `yaml:"two_factor_enabled,omitempty"`
}

type tokenFixture struct {
	Token  string   `yaml:"token"`
	User   string   `yaml:"user"`
	Scopes []string `yaml:"scopes"`
}

// Fake times are drawn from fixed ranges, so the same seed gives the same world on any day.
var (
	fakeEpoch      = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	fakeCreatedEnd = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	fakeActiveEnd  = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
)

var nonLocal = regexp.MustCompile(`[^a-z0-9]+`)

// fakeUser is everything drawn for one fixture user, drawn whether or not the fixture sets the
// field, so that editing one user never changes another's fake data.
type fakeUser struct {
	id, first, last       string
	created, lastActivity time.Time
	twoFactor             bool
}

func drawUser(fake *gofakeit.Faker) fakeUser {
	f := fakeUser{id: "usr" + worldgen.Chars(fake, worldgen.Alphanumeric, 14), first: fake.FirstName(), last: fake.LastName()}
	f.created = fake.DateRange(fakeEpoch, fakeCreatedEnd).UTC().Truncate(time.Millisecond)
	f.lastActivity = fake.DateRange(f.created, fakeActiveEnd).UTC().Truncate(time.Millisecond)
	f.twoFactor = fake.Bool()
	return f
}

// Load builds an Airtable world from its fixture section.
func (p *Airtable) Load(node *yaml.Node, fake *gofakeit.Faker, now time.Time) (provider.State, error) {
	var s section
	if err := fixture.Decode(node, &s); err != nil {
		return nil, err
	}
	w := &world{opts: s.Options, tokens: provider.NewSecrets[*token](), accounts: map[string]*account{}}
	if err := w.checkOptions(node); err != nil {
		return nil, err
	}
	// A user id names one person across accounts: the same id must keep the same email.
	n := 0
	for _, af := range s.EnterpriseAccounts {
		n += len(af.Users)
	}
	emailOfID := make(map[string]string, n)
	idOfEmail := make(map[string]string, n)
	// Generated users stay out of those two maps: they are checked against the other accounts
	// once all are loaded.
	generatedIn := map[string]*yaml.Node{}
	for i, af := range s.EnterpriseAccounts {
		at := fixture.Find(node, "enterprise_accounts", i)
		a, err := loadAccount(node, i, af, fake, now, emailOfID, idOfEmail)
		if err != nil {
			return nil, err
		}
		if _, dup := w.accounts[a.ID]; dup {
			return nil, fixture.Errorf(at, "enterprise account id %q is used twice", a.ID)
		}
		w.accounts[a.ID] = a
		if af.GeneratedUsers != nil {
			generatedIn[a.ID] = fixture.Find(at, "generated_users")
		}
	}
	if err := checkGenerated(w.accounts, generatedIn); err != nil {
		return nil, err
	}
	isUser := func(id string) bool {
		if _, ok := emailOfID[id]; ok {
			return true
		}
		for a := range generatedIn {
			if w.accounts[a].users.Has(id) {
				return true
			}
		}
		return false
	}
	for i, tf := range s.Tokens {
		at := fixture.Find(node, "tokens", i)
		if strings.TrimSpace(tf.Token) == "" || strings.ContainsAny(tf.Token, " \t\r\n") {
			return nil, fixture.Errorf(at, "a token needs a value without spaces")
		}
		if _, dup := w.tokens.Get(tf.Token); dup {
			return nil, fixture.Errorf(fixture.Find(node, "tokens", i, "token"), "token %q is listed twice", tf.Token)
		}
		if !isUser(tf.User) {
			return nil, fixture.Errorf(fixture.Find(node, "tokens", i, "user"), "token %q: user %q is not a user of any enterprise account", tf.Token, tf.User)
		}
		for j, sc := range tf.Scopes {
			if !knownScopes[sc] {
				return nil, fixture.Errorf(fixture.Find(node, "tokens", i, "scopes", j), "token %q: unknown scope %q", tf.Token, sc)
			}
		}
		w.tokens.Put(tf.Token, &token{UserID: tf.User, Scopes: slices.Clone(tf.Scopes)})
	}
	return w, nil
}

func (w *world) checkOptions(node *yaml.Node) error {
	o := &w.opts
	switch o.MissingScopeStatus {
	case 0:
		o.MissingScopeStatus = 403
	case 401, 403:
	default:
		return fixture.Errorf(fixture.Find(node, "options", "missing_scope_status"), "options.missing_scope_status must be 403 or 401, not %d", o.MissingScopeStatus)
	}
	switch o.MalformedJSONStatus {
	case 0:
		o.MalformedJSONStatus = 422
	case 400, 422:
	default:
		return fixture.Errorf(fixture.Find(node, "options", "malformed_json_status"), "options.malformed_json_status must be 422 or 400, not %d", o.MalformedJSONStatus)
	}
	if o.UnownedDomainError.Type == "" {
		o.UnownedDomainError.Type = ErrParameterValidationFailed.Type
	}
	if o.UnownedDomainError.Message == "" {
		o.UnownedDomainError.Message = ErrParameterValidationFailed.Message
	}
	if o.MaxBodyBytes < 0 {
		return fixture.Errorf(fixture.Find(node, "options", "max_body_bytes"), "options.max_body_bytes must be positive, not %d", o.MaxBodyBytes)
	}
	return nil
}

func loadAccount(node *yaml.Node, i int, af accountFixture, fake *gofakeit.Faker, now time.Time, emailOfID, idOfEmail map[string]string) (*account, error) {
	fakeID, fakeDomain := "ent"+worldgen.Chars(fake, worldgen.Alphanumeric, 14), strings.ToLower(fake.DomainName())
	a := &account{ID: af.ID, FLA: af.FLA, DomainCapturing: af.DomainCapturing, claimed: map[string]struct{}{}}
	n := len(af.Users)
	if d := af.GeneratedUsers; d != nil && d.Check() == nil {
		n += d.Count
	}
	users := make(map[string]user, n)
	byEmail := make(map[string]string, n)
	if a.ID == "" {
		a.ID = fakeID
	}
	if len(af.EmailDomains) == 0 {
		af.EmailDomains = []string{fakeDomain}
	}
	for j, d := range af.EmailDomains {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" || strings.Contains(d, "@") {
			return nil, fixture.Errorf(fixture.Find(node, "enterprise_accounts", i, "email_domains", j), "%q is not an email domain", af.EmailDomains[j])
		}
		if _, dup := a.claimed[d]; !dup {
			a.claimed[d] = struct{}{}
			a.Domains = append(a.Domains, d)
		}
	}
	// Draw every user's fake data first, in fixture order; then take the ids and emails the
	// fixture gives, so that a faked one never takes a value the fixture names further down.
	// A deleted user's email is free again, so it is neither reserved nor checked.
	draws := make([]fakeUser, len(af.Users))
	for j := range af.Users {
		draws[j] = drawUser(fake)
	}
	for j, uf := range af.Users {
		uat := fixture.Find(node, "enterprise_accounts", i, "users", j)
		if uf.ID != "" {
			if _, dup := users[uf.ID]; dup {
				return nil, fixture.Errorf(fixture.Find(uat, "id"), "user id %q is used twice in enterprise account %s", uf.ID, a.ID)
			}
			users[uf.ID] = user{}
		}
		if uf.Email != "" {
			if !strings.Contains(uf.Email, "@") {
				return nil, fixture.Errorf(fixture.Find(uat, "email"), "%q is not an email address", uf.Email)
			}
			if uf.Deleted {
				continue
			}
			key := strings.ToLower(uf.Email)
			if _, dup := byEmail[key]; dup {
				return nil, fixture.Errorf(fixture.Find(uat, "email"), "email %q is used twice in enterprise account %s", uf.Email, a.ID)
			}
			byEmail[key] = uf.ID // the id is settled below
		}
	}
	for j, uf := range af.Users {
		uat := fixture.Find(node, "enterprise_accounts", i, "users", j)
		u, err := loadUser(uat, uf, draws[j], now)
		if err != nil {
			return nil, err
		}
		if u.ID == "" {
			u.ID = draws[j].id
			for idTaken(users, emailOfID, u.ID) {
				u.ID = "usr" + worldgen.Chars(fake, worldgen.Alphanumeric, 14)
			}
		}
		if u.Email == "" {
			domain := a.Domains[0]
			if !u.Member {
				domain = "external." + domain
			}
			d := draws[j]
			local := strings.Trim(nonLocal.ReplaceAllString(strings.ToLower(d.first+"."+d.last), "."), ".")
			u.Email = local + "@" + domain
			for n := 2; emailTaken(byEmail, idOfEmail, u.Email); n++ {
				u.Email = local + strconv.Itoa(n) + "@" + domain
			}
		}
		key := strings.ToLower(u.Email)
		if !u.Deleted {
			byEmail[key] = u.ID
		}
		_, u.Claimed = a.claimed[domainOf(key)]
		if (u.Admin || u.SuperAdmin) && !u.internal() {
			return nil, fixture.Errorf(uat, "user %s (%s) is an admin but not a member on one of the account's email_domains", u.ID, u.Email)
		}
		if u.Managed && !u.Member {
			return nil, fixture.Errorf(uat, "user %s (%s) is managed but not a member", u.ID, u.Email)
		}
		if other, ok := emailOfID[u.ID]; ok && !strings.EqualFold(other, u.Email) {
			return nil, fixture.Errorf(uat, "user id %s has email %s in another enterprise account, not %s", u.ID, other, u.Email)
		}
		if other, ok := idOfEmail[key]; ok && other != u.ID && !u.Deleted {
			return nil, fixture.Errorf(uat, "email %s belongs to user %s in another enterprise account, not %s", u.Email, other, u.ID)
		}
		emailOfID[u.ID] = u.Email
		if !u.Deleted {
			idOfEmail[key] = u.ID
		}
		users[u.ID] = u
	}
	a.CreatedTime = earliest(users)
	if af.GeneratedUsers != nil {
		at := fixture.Find(node, "enterprise_accounts", i, "generated_users")
		listed := len(users)
		first, err := generated(at, a, users, byEmail, *af.GeneratedUsers)
		if err != nil {
			return nil, err
		}
		if !first.IsZero() && (listed == 0 || first.Before(a.CreatedTime)) {
			a.CreatedTime = first
		}
	}
	if af.CreatedTime.IsSet() {
		a.CreatedTime = af.CreatedTime.At(now)
	}
	workspaces, err := loadWorkspaces(node, i, af.Workspaces, users, a.CreatedTime, now)
	if err != nil {
		return nil, err
	}
	a.users, a.byEmail, a.workspaces = cow.Of(users), cow.Of(byEmail), cow.Of(workspaces)
	a.enterprise = &enterpriseAnswers{}
	return a, nil
}

// loadUser is a fixture user with its fake data where the fixture leaves a field out (id and
// email are settled by the account).
func loadUser(uat *yaml.Node, uf userFixture, d fakeUser, now time.Time) (user, error) {
	u := user{ID: uf.ID, Email: uf.Email, Name: uf.Name, CreatedTime: d.created, LastActivityTime: d.lastActivity,
		State: uf.State, Admin: uf.Admin, SuperAdmin: uf.SuperAdmin, Member: uf.Member == nil || *uf.Member,
		TwoFactorEnabled: d.twoFactor, EmailUnverified: uf.EmailVerified != nil && !*uf.EmailVerified,
		Removed: uf.Removed, Deleted: uf.Deleted}
	u.Managed = u.Member
	if uf.Managed != nil {
		u.Managed = *uf.Managed
	}
	switch u.State {
	case "":
		u.State = stateProvisioned
	case stateProvisioned, stateDeactivated:
	default:
		return user{}, fixture.Errorf(fixture.Find(uat, "state"), "state must be provisioned or deactivated, not %q", u.State)
	}
	if uf.CreatedTime.IsSet() {
		u.CreatedTime = uf.CreatedTime.At(now)
	}
	if uf.LastActivityTime.IsSet() {
		u.LastActivityTime = uf.LastActivityTime.At(now)
	}
	if uf.LoggedOutAt.IsSet() {
		u.LoggedOutAt = uf.LoggedOutAt.At(now)
	}
	if uf.TwoFactorEnabled != nil {
		u.TwoFactorEnabled = *uf.TwoFactorEnabled
	}
	if u.Name == "" {
		u.Name = d.first + " " + d.last
	}
	return u, nil
}

// earliest is the first created time among users, or the fake epoch for an account without any:
// an account exists before its users.
func earliest(users map[string]user) time.Time {
	first := fakeEpoch
	for _, u := range users {
		if first.Equal(fakeEpoch) || u.CreatedTime.Before(first) {
			first = u.CreatedTime
		}
	}
	return first
}

// permissionLevels are the levels a workspace collaborator can hold.
var permissionLevels = setOf("read", "comment", "edit", "create", "owner")

func loadWorkspaces(node *yaml.Node, i int, wfs []workspaceFixture, users map[string]user, created, now time.Time) (map[string]workspace, error) {
	workspaces := make(map[string]workspace, len(wfs))
	for k, wf := range wfs {
		wat := fixture.Find(node, "enterprise_accounts", i, "workspaces", k)
		if !strings.HasPrefix(wf.ID, "wsp") {
			return nil, fixture.Errorf(wat, "a workspace needs an id starting with wsp, not %q", wf.ID)
		}
		if _, dup := workspaces[wf.ID]; dup {
			return nil, fixture.Errorf(wat, "workspace id %q is used twice", wf.ID)
		}
		ws := workspace{ID: wf.ID, Name: wf.Name}
		if ws.Name == "" {
			ws.Name = wf.ID
		}
		for c, cf := range wf.Collaborators {
			cat := fixture.Find(wat, "collaborators", c)
			if u, ok := users[cf.User]; !ok || !u.present() {
				return nil, fixture.Errorf(cat, "workspace %s: %q is not a user of the account", wf.ID, cf.User)
			}
			if ws.level(cf.User) != "" {
				return nil, fixture.Errorf(cat, "workspace %s: user %s is listed twice", wf.ID, cf.User)
			}
			level := cf.PermissionLevel
			if level == "" {
				level = "owner"
			}
			if !permissionLevels[level] {
				return nil, fixture.Errorf(cat, "workspace %s: permission_level must be one of read, comment, edit, create, owner, not %q", wf.ID, level)
			}
			c := collaborator{UserID: cf.User, PermissionLevel: level, CreatedTime: created, GrantedBy: cf.GrantedBy}
			if cf.CreatedTime.IsSet() {
				c.CreatedTime = cf.CreatedTime.At(now)
			}
			if c.GrantedBy == "" {
				c.GrantedBy = wf.Collaborators[0].User
			}
			if _, ok := users[c.GrantedBy]; !ok {
				return nil, fixture.Errorf(cat, "workspace %s: granted_by %q is not a user of the account", wf.ID, c.GrantedBy)
			}
			ws.Collaborators = append(ws.Collaborators, c)
		}
		workspaces[ws.ID] = ws
	}
	return workspaces, nil
}

func idTaken(users map[string]user, emailOfID map[string]string, id string) bool {
	_, here := users[id]
	_, elsewhere := emailOfID[id]
	return here || elsewhere
}

func emailTaken(byEmail map[string]string, idOfEmail map[string]string, email string) bool {
	key := strings.ToLower(email)
	_, here := byEmail[key]
	_, elsewhere := idOfEmail[key]
	return here || elsewhere
}

// UnmarshalYAML reads a user; a generated world's one-line user is read without its nodes.
func (uf *userFixture) UnmarshalYAML(node *yaml.Node) error {
	return fixture.DecodeItem(node, uf.fromLine, (*plainUser)(uf))
}

// plainUser is a user decoded as yaml.v3 decodes a struct.
type plainUser userFixture

func (uf *userFixture) fromLine(text string, line int) bool {
	var out userFixture
	var keys fixture.Keys
	ok := flowline.Fields(text, func(key string, v flowline.Value) bool {
		switch key {
		case "id":
			return keys.First(0) && fixture.SetString(v, &out.ID)
		case "email":
			return keys.First(1) && fixture.SetString(v, &out.Email)
		case "name":
			return keys.First(2) && fixture.SetString(v, &out.Name)
		case "admin":
			return keys.First(3) && fixture.SetBool(v, &out.Admin)
		case "super_admin":
			return keys.First(4) && fixture.SetBool(v, &out.SuperAdmin)
		case "member":
			return keys.First(5) && fixture.SetBoolPtr(v, &out.Member)
		case "created_time":
			return keys.First(6) && fixture.SetTime(v, line, &out.CreatedTime)
		case "last_activity_time":
			return keys.First(7) && fixture.SetTime(v, line, &out.LastActivityTime)
		case "two_factor_enabled":
			return keys.First(8) && fixture.SetBoolPtr(v, &out.TwoFactorEnabled)
		}
		return false
	})
	if ok {
		*uf = out
	}
	return ok
}
