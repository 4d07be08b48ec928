package watermark

// payload is one known embedding of the public dwtDct watermark.
type payload struct {
	// Name is the suffix of the signal ID: watermark.<Name>.
	Name string
	// Embedder says who writes it, for the message.
	Embedder string
	// Text is the payload as the embedder spells it (bytes or hex).
	Text string
	// Bits is the payload, most significant bit of each byte first, as
	// the embedders pack it.
	Bits []uint8
}

// payloads lists every payload a generator is known to embed (reference
// notes, ai-metadata.md §3.1). Their lengths differ, so each is decoded
// with its own bit period.
var payloads = []payload{
	{Name: "sd1", Embedder: "Stable Diffusion 1.x reference scripts", Text: "StableDiffusionV1", Bits: bytesToBits([]byte("StableDiffusionV1"))},
	{Name: "sd2", Embedder: "Stable Diffusion 2.x reference scripts", Text: "SDV2", Bits: bytesToBits([]byte("SDV2"))},
	{Name: "sdxl", Embedder: "Stability AI SDXL/SVD code, the Stability API and diffusers SDXL pipelines", Text: "0xB3EC907BB19E", Bits: bytesToBits([]byte{0xB3, 0xEC, 0x90, 0x7B, 0xB1, 0x9E})},
	{Name: "invokeai", Embedder: "InvokeAI's invisible watermark node (default text)", Text: "InvokeAI", Bits: bytesToBits([]byte("InvokeAI"))},
}

func bytesToBits(b []byte) []uint8 {
	out := make([]uint8, 0, 8*len(b))
	for _, c := range b {
		for i := 7; i >= 0; i-- {
			out = append(out, c>>i&1)
		}
	}
	return out
}
