package airtable

import "github.com/accessemu/accessemu/emulator/provider"

// claimRef is one item of manage user membership: the user and the membership it should have.
type claimRef struct {
	userRef
	Managed bool
}

// claimRefs reads a validated manage user membership body: the users as grant and revoke read
// them, each with its state.
func claimRefs(value any) ([]claimRef, error) {
	refs, err := userRefs(value)
	if err != nil {
		return nil, err
	}
	items := value.(map[string]any)["users"].([]any)
	out := make([]claimRef, len(refs))
	for i, ref := range refs {
		state, _ := items[i].(map[string]any)["state"].(string)
		out[i] = claimRef{userRef: ref, Managed: state == "managed"}
	}
	return out, nil
}

// claim answers manage user membership: each member on one of the account's (verified) domains
// becomes managed or unmanaged, in request order; anyone else is an item error. A domain-capturing
// account cannot use the endpoint.
func (a *account) claim(refs []claimRef) (provider.Response, error) {
	if a.DomainCapturing {
		return provider.Response{}, ErrParameterValidationFailed
	}
	errs := []userErrorItem{}
	for _, ref := range refs {
		u, ue := a.find(ref.userRef)
		if ue == nil && !u.internal() {
			ue = UserInvalidPermissions
		}
		if ue != nil {
			errs = append(errs, failed(ref.userRef, ue))
			continue
		}
		if u.Managed != ref.Managed {
			u.Managed = ref.Managed
			a.setUser(u)
		}
	}
	return manageUsersAnswer(errs), nil
}
