// Package memo holds Table, a bounded map of remembered answers that many
// goroutines share. provcheck remembers pure answers in several places
// (program-name lookups, certificate-chain checks, signature checks): a
// batch meets the same names, signers and ingredients in file after file,
// and a remembered answer costs a map lookup instead of the work.
package memo

import "sync"

// Table remembers at most Max values (unbounded when Max is 0). When it is
// full, putting a new key forgets one entry, whichever map iteration gives
// first, so memory stays bounded whatever the batch. The zero value is
// ready to use; it is safe for concurrent use.
type Table[K comparable, V any] struct {
	Max int

	mu sync.Mutex
	m  map[K]V
}

// Get returns the value remembered for k.
func (t *Table[K, V]) Get(k K) (V, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.m[k]
	return v, ok
}

// Put remembers v for k.
func (t *Table[K, V]) Put(k K, v V) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = make(map[K]V)
	}
	if _, ok := t.m[k]; !ok && t.Max > 0 && len(t.m) >= t.Max {
		for old := range t.m { // map order is random: forget any one
			delete(t.m, old)
			break
		}
	}
	t.m[k] = v
}

// Reset forgets every entry.
func (t *Table[K, V]) Reset() {
	t.mu.Lock()
	t.m = nil
	t.mu.Unlock()
}

// Len is the number of entries remembered.
func (t *Table[K, V]) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.m)
}
