package airtable

import (
	"net/http"
	"time"

	"github.com/accessemu/accessemu/emulator/provider"
)

// airtableTime is the form of Airtable's timestamps: 2019-01-03T12:33:12.421Z.
const airtableTime = "2006-01-02T15:04:05.000Z"

// formatTime is t in Airtable's form.
func formatTime(t time.Time) string {
	var b [len(airtableTime)]byte
	return string(appendTime(b[:0], t))
}

// appendTime appends t.UTC().Format(airtableTime) without reading the layout, and with the civil
// date computed once from the Unix time: each user in an answer carries two timestamps, and
// formatting them through the time package cost more than the rest of the user.
func appendTime(b []byte, t time.Time) []byte {
	sec := t.Unix()
	if sec < firstSecond || sec > lastSecond { // a year of other than four digits
		return t.UTC().AppendFormat(b, airtableTime)
	}
	days, second := floorDiv(sec, 86400)
	year, month, day := civil(days)
	at := len(b)
	b = append(b, airtableTime...)
	d := b[at : at+len(airtableTime)]
	twoDigits(d[0:2], int(year/100))
	twoDigits(d[2:4], int(year%100))
	twoDigits(d[5:7], int(month))
	twoDigits(d[8:10], int(day))
	twoDigits(d[11:13], int(second/3600))
	twoDigits(d[14:16], int(second/60%60))
	twoDigits(d[17:19], int(second%60))
	milli := t.Nanosecond() / 1e6 // truncated, as Format truncates
	d[20] = byte('0' + milli/100)
	twoDigits(d[21:23], milli%100)
	return b
}

// decimalPairs are 00 to 99, two bytes each: a timestamp's digits are written a pair at a time.
const decimalPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// twoDigits writes n, from 0 to 99, into b[0:2].
func twoDigits(b []byte, n int) {
	b[0], b[1] = decimalPairs[2*n], decimalPairs[2*n+1]
}

// The Unix times of the first and last second of years 0 to 9999.
const (
	firstSecond = -62167219200
	lastSecond  = 253402300799
)

// floorDiv is n divided by d rounded down, and the remainder, never negative.
func floorDiv(n, d int64) (q, r int64) {
	q, r = n/d, n%d
	if r < 0 {
		q, r = q-1, r+d
	}
	return q, r
}

// civil is the proleptic Gregorian date of a count of days since 1970-01-01 (Howard Hinnant's
// days_from_civil, inverted).
func civil(days int64) (year, month, day int64) {
	era, dayOfEra := floorDiv(days+719468, 146097)                                   // 400-year eras from 0000-03-01
	yearOfEra := (dayOfEra - dayOfEra/1460 + dayOfEra/36524 - dayOfEra/146096) / 365 // 0 to 399
	dayOfYear := dayOfEra - (365*yearOfEra + yearOfEra/4 - yearOfEra/100)            // from March 1st
	shifted := (5*dayOfYear + 2) / 153                                               // month from March, 0 to 11
	day = dayOfYear - (153*shifted+2)/5 + 1
	month = shifted + 3
	if month > 12 {
		month -= 12
	}
	year = yearOfEra + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

// lookup answers get users by id or email: ids first, then emails, each user once. Any unknown id
// or email (removed and deleted users included) is the bare 404 (assumed).
func (a *account) lookup(ids, emails, include []string) (provider.Response, error) {
	if len(ids) == 0 && len(emails) == 0 {
		return provider.Response{}, ErrIDOrEmailNotSpecified
	}
	var one [1]user // the common request names one user
	found := one[:0]
	var seen map[string]bool // only for a long list: a short one is scanned
	for i := range len(ids) + len(emails) {
		var u user
		var ok bool
		if i < len(ids) {
			u, ok = a.userByID(ids[i])
		} else {
			u, ok = a.userByEmail(emails[i-len(ids)])
		}
		if !ok {
			return provider.Response{}, ErrNotFound
		}
		if !listed(found, &seen, u.ID) {
			found = append(found, u)
		}
	}
	if form, keep := userFormOf(include, true); keep && len(found) == 1 {
		u := &found[0]
		write := func() []byte {
			b := append(make([]byte, 0, len(`{"users":[]}`)+userSize(u)), `{"users":[`...)
			return append(a.appendUser(b, u, include), "]}"...)
		}
		return provider.Response{Status: http.StatusOK, Body: keptUser(u, form, write)}, nil
	}
	size := len(`{"users":[]}`)
	for i := range found {
		size += userSize(&found[i]) + 1
	}
	b := append(make([]byte, 0, size), `{"users":[`...)
	for i := range found {
		if i > 0 {
			b = append(b, ',')
		}
		b = a.appendUser(b, &found[i], include)
	}
	return provider.Response{Status: http.StatusOK, Body: append(b, "]}"...)}, nil
}

// listed reports whether a user with the id is among users already, and notes it if not; past a
// few users it keeps the ids in *seen rather than scanning.
func listed(users []user, seen *map[string]bool, id string) bool {
	const scanned = 16
	if len(users) < scanned {
		for i := range users {
			if users[i].ID == id {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]bool, 2*len(users))
		for i := range users {
			(*seen)[users[i].ID] = true
		}
	}
	if (*seen)[id] {
		return true
	}
	(*seen)[id] = true
	return false
}

// userByIDView answers get user by id: the user, or the bare 404 for an unknown, removed or
// deleted one.
func (a *account) userByIDView(id string, include []string) (provider.Response, error) {
	u, ok := a.userByID(id)
	if !ok {
		return provider.Response{}, ErrNotFound
	}
	write := func() []byte { return a.appendUser(make([]byte, 0, userSize(&u)), &u, include) }
	if form, keep := userFormOf(include, false); keep {
		return provider.Response{Status: http.StatusOK, Body: keptUser(&u, form, write)}, nil
	}
	return provider.Response{Status: http.StatusOK, Body: write()}, nil
}
