package adapty

import (
	"net/http"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
	"github.com/accessemu/accessemu/internal/contract"
)

// maxCustomAttributes is the documented cap ("up to 30"), on what is sent and on what a profile holds.
const maxCustomAttributes = 30

// profileRequest is what create and update keep of a ProfileRequest body. The personal fields
// (name, email, installation_meta, ...) are checked but not kept: no answer of the API shows them.
type profileRequest struct {
	// attrs are the custom attributes sent, in order; a null or empty value deletes the key.
	attrs []attrChange
}

type attrChange struct {
	key    string
	value  attrValue
	delete bool
}

// checkBody checks a body that broke the spec's schema with the operation's own model, for the
// operations whose bodies have nested models; nil means the model has nothing to say.
func (w *world) checkBody(op *contract.Operation, value any) error {
	switch op.ID {
	case "createProfile", "updateProfile":
		_, err := w.readProfileRequest(op, value)
		return err
	case "setTransaction":
		_, err := w.readTransaction(op, value)
		return err
	}
	return nil
}

func (w *world) readProfileRequest(op *contract.Operation, v any) (profileRequest, error) {
	obj, err := object(op, v)
	if err != nil {
		return profileRequest{}, err
	}
	c := checker{strict: w.opts.StrictTypes}
	c.object(profileFields, obj, path{})
	if _, ok := obj["installation_meta"]; !ok && w.opts.RequireInstallationMeta {
		c.fail(ErrFieldRequired, "installation_meta")
	}
	if err := c.result(); err != nil {
		return profileRequest{}, err
	}
	list, _ := obj["custom_attributes"].([]any)
	if len(list) > maxCustomAttributes {
		return profileRequest{}, ErrMaxItems
	}
	var req profileRequest
	for _, item := range list {
		m := item.(map[string]any)
		ch := attrChange{key: m["key"].(string)}
		switch x := m["value"].(type) {
		case nil:
			ch.delete = true
		case string:
			ch.value, ch.delete = attrValue{Str: x}, x == ""
		case float64:
			ch.value = attrValue{Num: x, IsNum: true}
		}
		req.attrs = append(req.attrs, ch)
	}
	return req, nil
}

// mergeAttributes applies the changes to a profile's attributes, in a new list unless there are none:
// a known key takes its new value in place, a new key is appended, a deleted key goes. It refuses a
// result over the cap.
func mergeAttributes(attrs []customAttribute, changes []attrChange) ([]customAttribute, error) {
	if len(changes) == 0 && len(attrs) <= maxCustomAttributes {
		return attrs, nil
	}
	out := append([]customAttribute(nil), attrs...)
	for _, ch := range changes {
		i := -1
		for k := range out {
			if out[k].Key == ch.key {
				i = k
			}
		}
		switch {
		case ch.delete && i >= 0:
			out = append(out[:i], out[i+1:]...)
		case ch.delete:
		case i >= 0:
			out[i].Value = ch.value
		default:
			out = append(out, customAttribute{Key: ch.key, Value: ch.value})
		}
	}
	if len(out) > maxCustomAttributes {
		return nil, ErrMaxItems
	}
	return out, nil
}

// createProfile follows the documented header rules: a customer_user_id alone makes a new profile
// with a random profile_id; a profile_id and a customer_user_id attach the customer_user_id to that
// profile. A customer_user_id that already has a profile answers that profile unchanged (or, with
// options.existing_customer: error, customer_user_id_already_exists); a profile_id alone answers
// its profile with the body's attributes applied; no identity, or an unknown profile_id, is the
// documented 404.
func (w *world) createProfile(appID string, h http.Header, req profileRequest, now time.Time) (provider.Response, error) {
	pid, cuid := profileIDHeader(h), header(h, "Adapty-Customer-User-Id")
	if pid == "" && cuid == "" {
		return provider.Response{}, ErrProfileNotFound
	}
	if pid == "" {
		if id, taken := w.byCustomer.Get(customerRef{App: appID, Customer: cuid}); taken {
			if w.opts.ExistingCustomer == "error" {
				return provider.Response{}, ErrCustomerUserIDAlreadyExists
			}
			pr, _ := w.profiles.Get(profileRef{App: appID, Profile: id})
			return w.profileOK(appID, &pr, now, false), nil
		}
		attrs, err := mergeAttributes(nil, req.attrs)
		if err != nil {
			return provider.Response{}, err
		}
		ref := profileRef{App: appID, Profile: w.ids.uuid()}
		for w.profiles.Has(ref) {
			ref.Profile = w.ids.uuid()
		}
		pr := profile{ProfileID: ref.Profile, CustomerUserID: optString{V: cuid, Set: true},
			SegmentHash: w.ids.segmentHash(), CustomAttributes: attrs}
		w.store(ref, nil, &pr)
		w.byCustomer.Set(customerRef{App: appID, Customer: cuid}, ref.Profile)
		return w.profileOK(appID, &pr, now, true), nil
	}
	ref := profileRef{App: appID, Profile: pid}
	pr, ok := w.profiles.Get(ref)
	if !ok {
		return provider.Response{}, ErrProfileNotFound
	}
	attach := cuid != "" && (!pr.CustomerUserID.Set || pr.CustomerUserID.V != cuid)
	if attach {
		if other, taken := w.byCustomer.Get(customerRef{App: appID, Customer: cuid}); taken && other != pid {
			return provider.Response{}, ErrCustomerUserIDAlreadyExists
		}
	}
	attrs, err := mergeAttributes(pr.CustomAttributes, req.attrs)
	if err != nil {
		return provider.Response{}, err
	}
	old := pr
	pr.CustomAttributes = attrs
	if attach {
		if pr.CustomerUserID.Set {
			w.byCustomer.Delete(customerRef{App: appID, Customer: pr.CustomerUserID.V})
		}
		pr.CustomerUserID = optString{V: cuid, Set: true}
		w.byCustomer.Set(customerRef{App: appID, Customer: cuid}, pid)
	}
	if unchanged(&old, &pr) {
		return w.profileOK(appID, &old, now, false), nil
	}
	w.store(ref, &old, &pr)
	return w.profileOK(appID, &pr, now, true), nil
}

// updateProfile changes the profile's custom attributes (merged by key); its access levels and
// purchases are never touched.
func (w *world) updateProfile(ref profileRef, pr profile, req profileRequest, now time.Time) (provider.Response, error) {
	attrs, err := mergeAttributes(pr.CustomAttributes, req.attrs)
	if err != nil {
		return provider.Response{}, err
	}
	if len(req.attrs) == 0 {
		return w.profileOK(ref.App, &pr, now, false), nil
	}
	old := pr
	pr.CustomAttributes = attrs
	w.store(ref, &old, &pr)
	return w.profileOK(ref.App, &pr, now, true), nil
}

// deleteProfile removes the profile and frees its customer_user_id; it answers 204 with no body.
func (w *world) deleteProfile(ref profileRef, pr profile) (provider.Response, error) {
	w.profiles.Delete(ref)
	if pr.CustomerUserID.Set {
		w.byCustomer.Delete(customerRef{App: ref.App, Customer: pr.CustomerUserID.V})
	}
	return provider.Response{Status: http.StatusNoContent}, nil
}
