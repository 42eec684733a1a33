#!/usr/bin/env bash
# Builds parley's own libcurl into the file named as the argument: the curl source of this Debian release,
# with Debian's patches (its security fixes among them), configured for HTTP and HTTPS over OpenSSL and
# nothing else. Debian's libcurl needs thirty libraries for protocols parley never speaks (LDAP, RTMP, SSH,
# Kerberos, GnuTLS for RTMP…); loading them was a third of a one-prompt run. This one needs OpenSSL alone.
#
# The source comes through apt, so it is checked against the release's signed index, as packages are. apt
# runs with lists and caches of its own under .build: the system's configuration is only read.
set -euo pipefail

destination=$(realpath -m "$1")
work=$(pwd)/.build/curl
apt_dir=$work/apt
rm -rf "$work"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources" "$work/source"

# The system's Debian sources, for source packages.
for file in /etc/apt/sources.list.d/*.sources; do
    [[ -e $file ]] && sed 's/^Types: deb$/Types: deb-src/' "$file" > "$apt_dir/sources/$(basename "$file")"
done
if [[ -e /etc/apt/sources.list ]]; then
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "$apt_dir/sources/sources.list"
fi
apt=(apt-get -qq -o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/sources"
     -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=$(id -un)")
"${apt[@]}" update
(cd "$work/source" && "${apt[@]}" source curl >/dev/null)
source_dir=$(find "$work/source" -mindepth 1 -maxdepth 1 -type d -name 'curl-*' | head -n 1)

cd "$source_dir"
# Some of Debian's patches touch configure.ac for its own packaging; the shipped configure serves this build,
# so it is marked newer rather than regenerated (which would need autoconf, automake and libtool).
find . \( -name configure -o -name Makefile.in -o -name aclocal.m4 -o -name curl_config.h.in \) -exec touch {} +
eval "$(dpkg-buildflags --export=sh)"
# configure and make write to a log, shown only if they fail: their warnings about the features left out
# (zlib, GSASL…) are expected here.
log=$work/build.log
trap 'status=$?; if [[ $status -ne 0 && -e $log ]]; then tail -n 40 "$log" >&2; echo "curl build failed: $log" >&2; fi' EXIT
./configure --quiet --enable-shared --disable-static --with-openssl \
    --with-ca-bundle=/etc/ssl/certs/ca-certificates.crt --with-ca-path=/etc/ssl/certs \
    --disable-dict --disable-file --disable-ftp --disable-gopher --disable-imap --disable-ldap --disable-ldaps \
    --disable-mqtt --disable-pop3 --disable-rtsp --disable-smb --disable-smtp --disable-telnet --disable-tftp \
    --disable-manual --without-brotli --without-gssapi --without-libidn2 --without-libpsl --without-librtmp \
    --without-libssh2 --without-nghttp2 --without-zlib --without-zstd >"$log" 2>&1
make -s -j"$(nproc)" -C lib >>"$log" 2>&1
mkdir -p "$(dirname "$destination")"
install -m 0644 lib/.libs/libcurl.so.4 "$destination.new"
strip --strip-unneeded "$destination.new"
mv "$destination.new" "$destination"
