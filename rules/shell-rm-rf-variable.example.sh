#!/bin/bash
BUILD_DIR=build

# expect: shell-rm-rf-variable
rm -rf "$TARGET/"

# ok: shell-rm-rf-variable
rm -rf "$BUILD_DIR/cache"

# ok: shell-rm-rf-variable
rm -f "$LOGFILE"

# expect: shell-rm-rf-variable
rm -r -f $WORKDIR/*

# expect: shell-rm-rf-variable
rm -rf /

# ok: shell-rm-rf-variable
rm -rf "$OUTPUT_DIR"

# expect: shell-rm-rf-variable
rm -rf "$PREFIX/lib"

# expect: shell-rm-rf-variable
rm -rf $STAGING

# ok: shell-rm-rf-variable
rm -rf "build/$VARIANT"
