package c2pa

import (
	"fmt"
	"math"
	"reflect"
	"sync"

	"github.com/fxamacker/cbor/v2"
)

// decoders caches one cbor.DecMode per limit pair: building a mode is not
// free and every assertion is decoded with one.
var decoders sync.Map // [2]int -> cbor.DecMode

// decMode returns a decoder bounded by lim. Maps decode to map[string]any
// when their keys are text (every C2PA assertion) so decoded values marshal
// to JSON; COSE headers with integer keys are decoded into map[any]any
// explicitly.
func decMode(lim Limits) cbor.DecMode {
	lim = lim.withDefaults()
	key := [2]int{lim.MaxCBORDepth, lim.MaxCBORElements}
	if m, ok := decoders.Load(key); ok {
		return m.(cbor.DecMode)
	}
	depth := min(max(lim.MaxCBORDepth, 4), 65535)
	elems := min(max(lim.MaxCBORElements, 16), 2147483647)
	m, err := cbor.DecOptions{
		MaxNestedLevels:  depth,
		MaxArrayElements: elems,
		MaxMapPairs:      elems,
		IndefLength:      cbor.IndefLengthAllowed,
		// A map with a key twice reads differently in different decoders:
		// a signed claim or assertion could say two things. Refused.
		DupMapKey:      cbor.DupMapKeyEnforcedAPF,
		DefaultMapType: reflect.TypeOf(map[any]any(nil)),
		UTF8:           cbor.UTF8DecodeInvalid,
	}.DecMode()
	if err != nil {
		// The options above are constants within the documented ranges.
		panic(fmt.Sprintf("c2pa: cbor options: %v", err))
	}
	decoders.Store(key, m)
	return m
}

// decodeCBOR decodes data into v with the bounded decoder.
func decodeCBOR(data []byte, v any, lim Limits) error {
	return decMode(lim).Unmarshal(data, v)
}

// decodeAny decodes data into a JSON-friendly value: maps with text keys
// become map[string]any, other keys are formatted as text.
func decodeAny(data []byte, lim Limits) (any, error) {
	var v any
	if err := decMode(lim).Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return jsonable(v, 0), nil
}

// jsonable converts decoded CBOR to values encoding/json accepts. Depth is
// already bounded by the decoder; the guard only stops pathological cycles.
func jsonable(v any, depth int) any {
	if depth > 128 {
		return nil
	}
	switch t := v.(type) {
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, val := range t {
			m[fmt.Sprint(k)] = jsonable(val, depth+1)
		}
		return m
	case []any:
		out := make([]any, len(t))
		for i, val := range t {
			out[i] = jsonable(val, depth+1)
		}
		return out
	case cbor.Tag:
		return map[string]any{"tag": t.Number, "value": jsonable(t.Content, depth+1)}
	case []byte:
		return t // encoding/json writes base64
	case float64:
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return fmt.Sprint(t) // JSON has no NaN or infinity
		}
	case float32:
		if math.IsNaN(float64(t)) || math.IsInf(float64(t), 0) {
			return fmt.Sprint(t)
		}
	}
	return v
}
