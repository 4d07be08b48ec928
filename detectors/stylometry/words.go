package stylometry

import "strings"

// llmVocab are words whose frequency rose in text written after chat
// models spread (Kobak et al. 2024; Liang et al. 2024; text-detection.md
// §3). The evidence is population-level: one of them in one document
// says nothing, which is why the rate is one feature among many.
var llmVocab = set(`delve delves delved delving tapestry intricate intricacies pivotal showcase showcases showcasing
showcased underscore underscores underscoring underscored notably realm realms meticulous meticulously commendable
multifaceted foster fosters fostering fostered leverage leverages leveraging seamless seamlessly vibrant bustling
testament landscape landscapes navigate navigates navigating navigation moreover furthermore crucial crucially
comprehensive comprehensively enhance enhances enhancing enhanced enhancement robust nuanced nuance nuances
paramount profound profoundly invaluable endeavor endeavors endeavour endeavours embark embarking embarked
additionally ultimately significantly essential essentially facilitate facilitates facilitating holistic
innovative insights insightful journey elevate elevates elevating resonate resonates resonating captivating
unwavering harness harnessing transformative dynamic evolving ever-evolving realm interplay myriad plethora
boast boasts boasting garner garnered noteworthy intriguing adept align aligns aligning aligned streamline
streamlined optimize optimizing bolster bolstering encompass encompasses encompassing`)

// stockPhrases are formulaic connectives chat models overuse; humans use
// them too, notably in school essays.
var stockPhrases = func() [][]string {
	var out [][]string
	for _, p := range []string{
		"in conclusion", "it is important to note", "it is worth noting", "it's important to note",
		"not only", "overall", "additionally", "furthermore", "in summary", "in today's",
		"plays a crucial role", "plays a vital role", "a wide range of", "on the other hand",
		"in addition", "as a result", "it is essential", "it is crucial", "first and foremost",
		"when it comes to", "in the realm of", "serves as a", "a testament to", "stands as",
	} {
		out = append(out, strings.Fields(p))
	}
	return out
}()

// functionWords are closed-class English words (articles, pronouns,
// prepositions, conjunctions, auxiliaries).
var functionWords = set(`a an the i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves this that these those who whom whose which
what whatever whoever am is are was were be been being have has had having do does did doing will would shall should
can could may might must ought and but or nor so yet for if then else than because since while whereas although though
unless until as of at by to from in into onto on off out over under above below up down about after before during
through throughout across against among amid around along beside besides between beyond despite except inside near
outside per past regarding round toward towards upon via with within without not no any some all both each either
neither every few many more most much other another such own same too very just only also there here when where why how
whether`)

var firstPerson = set(`i me my mine myself we us our ours ourselves i'm i've i'd i'll we're we've we'd we'll`)

var secondPerson = set(`you your yours yourself yourselves you're you've you'd you'll`)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
