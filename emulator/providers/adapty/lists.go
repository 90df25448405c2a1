package adapty

import "slices"

// A profile's lists are shared: by the tenants cloned from one world, and by the answers written
// after the tenant's lock is released. They are never changed in place; a change to one list makes
// a new copy of that list alone, and the profile's other lists stay shared.

// withItem is list with its i-th item v: list itself when that item is v already, else a copy.
func withItem[T comparable](list []T, i int, v T) []T {
	if list[i] == v {
		return list
	}
	list = slices.Clone(list)
	list[i] = v
	return list
}

// withAppended is list with v at its end, in a new array: list's spare capacity may be shared.
func withAppended[T any](list []T, v T) []T { return append(slices.Clip(list), v) }
