package forensics

import "fmt"

// canvas is a native output size of an image generator.
type canvas struct {
	w, h int
	who  string
}

// generatorCanvases are native output sizes of common generators
// (forensics.md §3.8): latent-grid models produce a small set of canvases.
// Both orientations are listed where a generator offers both.
var generatorCanvases = []canvas{
	{256, 256, "DALL·E 2"},
	{512, 512, "Stable Diffusion 1.x/2.x, DALL·E 2"},
	{512, 768, "Stable Diffusion 1.x"},
	{768, 512, "Stable Diffusion 1.x"},
	{768, 768, "Stable Diffusion 2.x"},
	{1024, 1024, "SDXL, SD3, Flux, DALL·E 2/3, gpt-image-1, Midjourney, Imagen"},
	{1152, 896, "SDXL bucket"},
	{896, 1152, "SDXL bucket"},
	{1216, 832, "SDXL bucket"},
	{832, 1216, "SDXL bucket"},
	{1344, 768, "SDXL bucket, Imagen"},
	{768, 1344, "SDXL bucket, Imagen"},
	{1536, 640, "SDXL bucket"},
	{640, 1536, "SDXL bucket"},
	{1792, 1024, "DALL·E 3"},
	{1024, 1792, "DALL·E 3"},
	{1536, 1024, "gpt-image-1"},
	{1024, 1536, "gpt-image-1"},
	{1456, 816, "Midjourney 16:9"},
	{816, 1456, "Midjourney 9:16"},
	{1344, 896, "Midjourney 3:2"},
	{896, 1344, "Midjourney 2:3"},
	{1184, 864, "Imagen"},
	{864, 1184, "Imagen"},
	{1248, 832, "Imagen"},
	{832, 1248, "Imagen"},
}

// generatorCanvas returns the generators whose native canvas is w×h.
func generatorCanvas(w, h int) (string, bool) {
	for _, c := range generatorCanvases {
		if c.w == w && c.h == h {
			return c.who, true
		}
	}
	return "", false
}

func canvasName(w, h int) string { return fmt.Sprintf("%d×%d", w, h) }
