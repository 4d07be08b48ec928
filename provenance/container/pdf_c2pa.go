package container

// A PDF carries its C2PA manifest store as an embedded file stream
// (C2PA specification, A.4): a file specification with /AFRelationship
// /C2PA_Manifest, listed in the catalog's associated files (/AF), whose
// /EF entry names the stream. The specification also wants the stream's
// /Subtype to be application/c2pa, but writers omit it (Adobe Express and
// Firefly PDFs), so either mark is enough. An incremental update appends
// a new store; the newest one is the document's.

// pdfMaxStore caps the inflated size of a manifest store stream, in
// Limits.MaxInflate units (a store with many ingredient thumbnails is
// larger than any metadata stream).
const pdfMaxStore = 4

// c2pa records the manifest store in the Inventory's carrier.
func (r *pdfReader) c2pa(trailer, root pdfDict) {
	c := newC2PACarrier("pdf", r.lim)
	r.inv.Carrier = c
	if _, enc := trailer["Encrypt"]; enc {
		// Streams of an encrypted document are ciphertext: a store in one
		// cannot be read, and absence would be a false "no credentials".
		msg := "pdf: the document is encrypted; provcheck cannot read its embedded files, so Content Credentials it may carry are not checked"
		c.problem("%s", msg)
		r.b.warn("encrypted", 0, "%s", msg)
		return
	}
	var stores []*pdfObj
	seen := map[*pdfObj]bool{}
	add := func(o *pdfObj) {
		if o != nil && o.stream && !seen[o] {
			seen[o] = true
			stores = append(stores, o)
		}
	}
	// Associated files of the catalog: the path the specification gives.
	if root != nil {
		af, _ := r.resolve(root["AF"], 0).([]any)
		for i, v := range af {
			if i >= r.lim.MaxBlocks {
				break
			}
			if fs, _ := r.resolve(v, 0).(pdfDict); fs != nil {
				add(r.c2paFileSpec(fs))
			}
		}
	}
	// Any embedded file stream marked as a store, wherever it is listed
	// from (the EmbeddedFiles name tree, an annotation, an object's /AF).
	for _, o := range r.objs {
		if o.stream && pdfIsC2PASubtype(o.dict["Subtype"]) {
			add(o)
		}
	}
	if len(stores) == 0 {
		return
	}
	sortObjs(stores) // newest (last in the file) at the end
	o := stores[len(stores)-1]
	if len(stores) > 1 {
		c.problem("pdf: %d manifest stores (incremental updates); the newest, at %d, is the document's", len(stores), o.off)
	}
	limit := pdfMaxStore * r.lim.MaxInflate
	store, truncated, err := pdfDecodeStream(r.ctx, o.dict, o.raw, limit)
	switch {
	case err != nil:
		c.problem("pdf: manifest store stream at %d: %v", o.off, err)
		return
	case truncated:
		c.problem("pdf: manifest store stream at %d inflates past %d bytes; not read", o.off, limit)
		return
	}
	c.take(store, o.rawOff, int64(len(o.raw)))
}

// c2paFileSpec returns the embedded file stream of a file specification
// that is a C2PA manifest store, or nil.
func (r *pdfReader) c2paFileSpec(fs pdfDict) *pdfObj {
	ef, _ := r.resolve(fs["EF"], 0).(pdfDict)
	if ef == nil {
		return nil
	}
	var o *pdfObj
	for _, k := range []pdfName{"F", "UF"} {
		if o = r.object2(ef[k]); o != nil && o.stream {
			break
		}
	}
	if o == nil || !o.stream {
		return nil
	}
	if rel, _ := r.resolve(fs["AFRelationship"], 0).(pdfName); rel == "C2PA_Manifest" || pdfIsC2PASubtype(o.dict["Subtype"]) {
		return o
	}
	return nil
}

func pdfIsC2PASubtype(v any) bool {
	st, _ := v.(pdfName)
	return st == "application/c2pa" || st == "application/x-c2pa-manifest-store"
}
