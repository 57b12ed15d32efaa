package org.kexecinspect.cli;

import java.nio.file.Path;

import org.kexecinspect.facts.Captures;
import org.kexecinspect.facts.DirectoryRoot;
import org.kexecinspect.facts.Root;
import org.kexecinspect.facts.SystemCalls;
import org.kexecinspect.format.FormatException;
import org.kexecinspect.live.LiveCalls;

import picocli.CommandLine.Option;

/** --root, shared by diagnose and preflight: this system (live) or a captured one. */
public final class RootOption {
    @Option(names = "--root", paramLabel = "DIR|ARCHIVE",
            description = "Read a captured root (a capture directory or archive) instead of this system.")
    Path root;

    Root open() throws FormatException {
        return root != null ? Captures.open(root, root.toString()) : DirectoryRoot.live(Path.of("/"));
    }

    /** The system-call facts that go with the root: recorded in a capture, or live. */
    SystemCalls calls(Root r) {
        return root != null ? SystemCalls.recorded(r) : new LiveCalls();
    }
}
