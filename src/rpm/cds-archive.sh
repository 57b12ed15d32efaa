# kexec-inspect (RPM): the post-install scriptlet and the file triggers on /usr/lib/jvm make the
# class-data-sharing archive for the installed jar and this machine's JVM (start-up only: the launcher
# runs without it, and ignores one made by another JVM build). The lines between the two marks are
# make_archive from the .deb's postinst (src/deb/control/postinst), copied in when the RPM is built.
# Never fails the install.
set -e

# --- from src/deb/control/postinst ---
@MAKE_ARCHIVE@
# --- end ---

# a trigger in the transaction that removes kexec-inspect itself: nothing to make
[ -f "$jar" ] || exit 0
make_archive
exit 0
