#!/usr/bin/env bash
# Makes sure an unpacked Keycloak (org.keycloak:keycloak-quarkus-dist, from Maven Central) is at
# bench/target/keycloak, for measuring its send-verify-email next to Verity. A second run reuses it. When it
# cannot be had, prints one line "keycloak unavailable: ..." and still exits 0, leaving no directory.
#   bench/keycloak.sh
#   KEYCLOAK_VERSION=26.4.0 bench/keycloak.sh
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=${KEYCLOAK_VERSION:-26.5.6}
TARGET=bench/target/keycloak
MARKER=$TARGET/.bench-version
WORK=bench/target/keycloak.download.$$

if [ -f "$TARGET/bin/kc.sh" ] && [ "$(cat "$MARKER" 2>/dev/null || true)" = "$VERSION" ]; then
  exit 0
fi

trap 'rm -rf "$WORK"' EXIT
unavailable() {
  echo "keycloak unavailable: $*"
  rm -rf "$WORK" "$TARGET"
  exit 0
}

rm -rf "$WORK"
mkdir -p "$WORK"
ZIP=$WORK/keycloak-quarkus-dist-$VERSION.zip

# through Maven first, so that the zip stays in the local repository for the next clean checkout
if ! ./mvnw -B -q -N dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" \
    -DoutputDirectory="$WORK" >"$WORK/maven.log" 2>&1 || [ ! -s "$ZIP" ]; then
  URL=https://repo.maven.apache.org/maven2/org/keycloak/keycloak-quarkus-dist/$VERSION/keycloak-quarkus-dist-$VERSION.zip
  command -v curl >/dev/null 2>&1 || unavailable "Maven could not fetch keycloak-quarkus-dist $VERSION and there is no curl"
  if ! curl -fsSL --retry 2 -o "$ZIP" "$URL" 2>"$WORK/curl.log" || [ ! -s "$ZIP" ]; then
    unavailable "could not download keycloak-quarkus-dist $VERSION: $(tr '\n' ' ' <"$WORK/curl.log")"
  fi
fi

mkdir -p "$WORK/unpacked"
if command -v unzip >/dev/null 2>&1; then
  unzip -q "$ZIP" -d "$WORK/unpacked" || unavailable "could not unpack $ZIP"
elif command -v python3 >/dev/null 2>&1; then
  python3 -m zipfile -e "$ZIP" "$WORK/unpacked" || unavailable "could not unpack $ZIP"
elif command -v jar >/dev/null 2>&1; then
  (cd "$WORK/unpacked" && jar xf "../$(basename "$ZIP")") || unavailable "could not unpack $ZIP"
else
  unavailable "no unzip, python3 or jar to unpack $ZIP"
fi

KC=$(find "$WORK/unpacked" -maxdepth 3 -path '*/bin/kc.sh' | head -n 1)
[ -n "$KC" ] || unavailable "no bin/kc.sh in $ZIP"
HOME_DIR=${KC%/bin/kc.sh}
# python3 and jar do not keep the executable bits
chmod +x "$HOME_DIR"/bin/*.sh
rm -rf "$TARGET"
mv "$HOME_DIR" "$TARGET"
echo "$VERSION" >"$MARKER"
echo "Keycloak $VERSION unpacked in $TARGET"
