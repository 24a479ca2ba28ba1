package tm

// Stage adds entries under key, hidden from lookups, Len and Entries until
// Reveal makes them part of the memory; Remove drops them. An import stages
// each batch as it stores it, so that it never holds the whole document and
// a failed import leaves nothing behind.
func (m *Memory) Stage(key string, entries []Entry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.addLocked(key, entries, true)
}

// Reveal makes the entries staged under keys part of the memory.
func (m *Memory) Reveal(keys ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, ix := range m.pairs {
		for _, k := range keys {
			if g, ok := ix.byKey[k]; ok && ix.groups[g].hidden {
				ix.groups[g].hidden = false
				ix.live += len(ix.groups[g].ids)
			}
		}
	}
}

// Remove drops every entry stored or staged under keys.
func (m *Memory) Remove(keys ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, ix := range m.pairs {
		for _, k := range keys {
			ix.remove(k)
		}
	}
}
