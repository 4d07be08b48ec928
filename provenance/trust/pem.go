package trust

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
)

var (
	pemBegin = []byte("-----BEGIN CERTIFICATE-----")
	pemEnd   = []byte("-----END CERTIFICATE-----")
)

// certBlocks returns the DER bytes of every CERTIFICATE block of PEM data,
// in order. The embedded lists are plain blocks of base64 lines, which this
// cuts out and decodes directly: encoding/pem's general parser (headers,
// every block type, trailing-line checks) was most of the cost of loading
// the lists. Anything else in a block (headers, a missing end line, bad
// base64) hands the whole input to encoding/pem, so the result is always
// what pem.Decode gives; a test holds the two equal on every embedded file.
func certBlocks(data []byte) [][]byte {
	if out, ok := plainCertBlocks(data); ok {
		return out
	}
	return pemCertBlocks(data)
}

// plainCertBlocks is certBlocks for plain blocks; ok is false on anything
// it does not handle.
func plainCertBlocks(data []byte) (out [][]byte, ok bool) {
	for {
		i := bytes.Index(data, pemBegin)
		if i < 0 {
			return out, true
		}
		if i > 0 && data[i-1] != '\n' {
			return nil, false
		}
		data = data[i+len(pemBegin):]
		nl := bytes.IndexByte(data, '\n')
		if nl < 0 || len(bytes.TrimSpace(data[:nl])) != 0 {
			return nil, false
		}
		data = data[nl+1:]
		j := bytes.Index(data, pemEnd)
		if j < 0 || (j > 0 && data[j-1] != '\n') {
			return nil, false
		}
		// The base64 decoder skips line breaks itself; any other byte
		// that is not base64 (a header, a space) fails the decode and
		// sends the input to encoding/pem.
		body := data[:j]
		der := make([]byte, base64.StdEncoding.DecodedLen(len(body)))
		n, err := base64.StdEncoding.Decode(der, body)
		if err != nil {
			return nil, false
		}
		out = append(out, der[:n:n])
		data = data[j+len(pemEnd):]
		// The end line must end there, as encoding/pem requires.
		if k := bytes.IndexByte(data, '\n'); k >= 0 {
			if len(bytes.TrimSpace(data[:k])) != 0 {
				return nil, false
			}
		} else if len(bytes.TrimSpace(data)) != 0 {
			return nil, false
		}
	}
}

// pemCertBlocks is certBlocks by encoding/pem.
func pemCertBlocks(data []byte) [][]byte {
	var out [][]byte
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return out
		}
		if b.Type == "CERTIFICATE" {
			out = append(out, b.Bytes)
		}
	}
}
