#!/usr/bin/env python3
"""provcheck outside-classifier adapter for a local HTTP model server.

provcheck runs this program for every image (--classifier exec:PATH, or a
`classifiers:` entry in its config file), with the image's bytes on standard
input and PROVCHECK_MEDIA_TYPE, PROVCHECK_SHA256 and PROVCHECK_NAME in the
environment. The adapter POSTs the bytes to a model server on this machine
and prints the one JSON object provcheck reads:

    {"score": 0..1, "model": "...", "version": "...", "details": {...}}

The model server is expected to answer like a Hugging Face image-
classification pipeline: a list of {"label": ..., "score": ...}. The score
provcheck gets is the sum of the scores of the labels that mean "AI".

Settings (environment):
    MODEL_URL        default http://127.0.0.1:8000/predict
    MODEL_NAME       default local-model
    MODEL_VERSION    default unknown
    AI_LABELS        comma-separated labels meaning AI; default artificial,ai,fake,generated
    MODEL_TIMEOUT    seconds, default 20

Any failure exits non-zero with a message on standard error: provcheck then
records an error for the file and goes on. Python 3 standard library only.
"""
import json
import os
import sys
import urllib.request


def main():
    url = os.environ.get("MODEL_URL", "http://127.0.0.1:8000/predict")
    ai_labels = {l.strip().lower() for l in os.environ.get("AI_LABELS", "artificial,ai,fake,generated").split(",") if l.strip()}
    data = sys.stdin.buffer.read()
    req = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": os.environ.get("PROVCHECK_MEDIA_TYPE", "application/octet-stream"),
    })
    with urllib.request.urlopen(req, timeout=float(os.environ.get("MODEL_TIMEOUT", "20"))) as resp:
        labels = json.load(resp)
    if isinstance(labels, dict) and "predictions" in labels:
        labels = labels["predictions"]
    if not isinstance(labels, list) or not labels:
        sys.exit("the model server did not answer with a list of labels")
    score = 0.0
    for item in labels:
        if str(item.get("label", "")).strip().lower() in ai_labels:
            score += float(item.get("score", 0))
    score = min(max(score, 0.0), 1.0)
    json.dump({
        "score": score,
        "model": os.environ.get("MODEL_NAME", "local-model"),
        "version": os.environ.get("MODEL_VERSION", "unknown"),
        "details": {"labels": labels[:10], "server": url},
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # one line on stderr; provcheck shows it in the error entry
        sys.exit(f"classifier adapter: {e}")
