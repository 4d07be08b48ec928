package main

import (
	_ "github.com/bmatcuk/doublestar/v4"
	_ "github.com/disintegration/imaging"
	_ "github.com/fxamacker/cbor/v2"
	_ "github.com/rwcarlsen/goexif/exif"
	_ "github.com/spf13/cobra"
	_ "github.com/spf13/viper"
	_ "github.com/veraison/go-cose"
	_ "golang.org/x/image/webp"
	_ "golang.org/x/sync/errgroup"
	_ "github.com/andybalholm/brotli"
)

func main() {}
