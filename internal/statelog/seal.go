package statelog

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

var errChecksum = errors.New("checksum mismatch: the data was damaged")

// sealRecord is a log value: checksum, tenant name and payload.
func sealRecord(tenant string, payload []byte) []byte {
	v := make([]byte, 4, 4+binary.MaxVarintLen64+len(tenant)+len(payload))
	v = binary.AppendUvarint(v, uint64(len(tenant)))
	v = append(v, tenant...)
	v = append(v, payload...)
	binary.BigEndian.PutUint32(v, crc32.Checksum(v[4:], crcTable))
	return v
}

func openRecord(v []byte) (tenant string, payload []byte, err error) {
	body, err := checked(v)
	if err != nil {
		return "", nil, err
	}
	n, k := binary.Uvarint(body)
	if k <= 0 || uint64(len(body)-k) < n {
		return "", nil, fmt.Errorf("malformed tenant name")
	}
	return string(body[k : k+int(n)]), body[k+int(n):], nil
}

// sealSnapshot is a snapshot value: checksum, the last record it includes, and payload.
func sealSnapshot(upto uint64, payload []byte) []byte {
	v := make([]byte, 12, 12+len(payload))
	binary.BigEndian.PutUint64(v[4:], upto)
	v = append(v, payload...)
	binary.BigEndian.PutUint32(v, crc32.Checksum(v[4:], crcTable))
	return v
}

func openSnapshot(v []byte) (upto uint64, payload []byte, err error) {
	body, err := checked(v)
	if err != nil {
		return 0, nil, err
	}
	if len(body) < 8 {
		return 0, nil, fmt.Errorf("too short (%d bytes)", len(v))
	}
	return binary.BigEndian.Uint64(body), body[8:], nil
}

func checked(v []byte) ([]byte, error) {
	if len(v) < 4 {
		return nil, fmt.Errorf("too short (%d bytes)", len(v))
	}
	if crc32.Checksum(v[4:], crcTable) != binary.BigEndian.Uint32(v) {
		return nil, errChecksum
	}
	return v[4:], nil
}
