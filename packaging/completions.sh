#!/bin/sh
# Writes gatepost's shell completion scripts into completions/, for the
# release archives and packages (goreleaser runs this before building).
set -eu
rm -rf completions
mkdir completions
go build -o completions/.gatepost ./cmd/gatepost
for sh in bash zsh fish; do
	completions/.gatepost completion "$sh" >"completions/gatepost.$sh"
done
completions/.gatepost completion powershell >completions/gatepost.ps1
rm completions/.gatepost
