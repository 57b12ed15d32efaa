package org.kexecinspect.model.postmortem;

/** One log line a cause rests on: its 1-based line number in the file and its text. */
public record Evidence(long line, String text) {}
