#!/usr/bin/env bash
# Builds one of parley's own C libraries into the file named as the second argument:
#   curl   libcurl for HTTP and HTTPS over OpenSSL, and nothing else;
#   libpq  PostgreSQL's client library with TLS over OpenSSL, without Kerberos, LDAP or translations;
#   libpq-plain  the same without TLS, for a server on this machine that takes plain connections: it does not
#          load OpenSSL, whose libcrypto alone took 1.6 ms to load before a one-prompt run could connect.
# Debian's builds need thirty libraries for what parley never uses (LDAP, RTMP, SSH, Kerberos, GnuTLS for
# RTMP…): loading them was a third of a one-prompt run for libcurl, and a sixth of one on PostgreSQL for
# libpq. These need OpenSSL alone.
#
# The source is this Debian release's, with Debian's patches (its security fixes among them): the version of
# the installed development package, whose headers parley is compiled against, or the newest the archive
# offers when that one is gone. It comes through apt, so it is checked against the release's signed index, as
# packages are. apt runs with lists and caches of its own under .build: the system's configuration is only
# read.
set -euo pipefail

library=$1
destination=$(realpath -m "$2")
case $library in
    curl) package=libcurl4-openssl-dev soname=libcurl.so.4 ;;
    libpq | libpq-plain) package=libpq-dev soname=libpq.so.5 ;;
    *) echo "build-library.sh: no recipe for '$library' (curl, libpq or libpq-plain)" >&2; exit 2 ;;
esac

work=$(pwd)/.build/$library
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
source_package=$(dpkg-query -W -f '${source:Package}' "$package")
installed=$(dpkg-query -W -f '${source:Version}' "$package")
cd "$work/source"
"${apt[@]}" source "$source_package=$installed" >/dev/null 2>&1 || "${apt[@]}" source "$source_package" >/dev/null
source_dir=$(find "$work/source" -mindepth 1 -maxdepth 1 -type d | head -n 1)
cd "$source_dir"

# Debian's hardening flags, all of them: with bindnow the relocation tables are read-only once loaded (full
# RELRO), as in Debian's own packages; parley opens the libraries with every symbol bound at once anyway.
eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
# configure and make write to a log, shown only if they fail: their warnings about the features left out
# (zlib, GSASL, readline…) are expected here.
log=$work/build.log
trap 'status=$?; if [[ $status -ne 0 && -e $log ]]; then tail -n 40 "$log" >&2; echo "$library build failed: $log" >&2; fi' EXIT
case $library in
    curl)
        # Some of Debian's patches touch configure.ac for its own packaging; the shipped configure serves this
        # build, so it is marked newer rather than regenerated (which would need autoconf, automake, libtool).
        find . \( -name configure -o -name Makefile.in -o -name aclocal.m4 -o -name curl_config.h.in \) \
            -exec touch {} +
        ./configure --quiet --enable-shared --disable-static --with-openssl \
            --with-ca-bundle=/etc/ssl/certs/ca-certificates.crt --with-ca-path=/etc/ssl/certs \
            --disable-dict --disable-file --disable-ftp --disable-gopher --disable-imap --disable-ldap \
            --disable-ldaps --disable-mqtt --disable-pop3 --disable-rtsp --disable-smb --disable-smtp \
            --disable-telnet --disable-tftp --disable-manual --without-brotli --without-gssapi \
            --without-libidn2 --without-libpsl --without-librtmp --without-libssh2 --without-nghttp2 \
            --without-zlib --without-zstd >"$log" 2>&1
        make -s -j"$(nproc)" -C lib >>"$log" 2>&1
        built=lib/.libs/$soname
        ;;
    libpq | libpq-plain)
        tls=()
        [[ $library == libpq ]] && tls=(--with-openssl)
        # Debian's defaults that a client sees: the server's socket in /var/run/postgresql (a Debian patch)
        # and pg_service.conf in /etc/postgresql-common.
        ./configure --quiet "${tls[@]}" --sysconfdir=/etc/postgresql-common --disable-rpath --disable-nls \
            --without-gssapi --without-ldap --without-icu --without-readline --without-zlib >"$log" 2>&1
        # The headers generated for the whole tree come first: libpq's own make does not wait for them.
        make -s -C src/backend generated-headers >>"$log" 2>&1
        make -s -j"$(nproc)" -C src/interfaces/libpq >>"$log" 2>&1
        built=src/interfaces/libpq/$soname
        ;;
esac
mkdir -p "$(dirname "$destination")"
install -m 0644 "$built" "$destination.new"
strip --strip-unneeded "$destination.new"
mv "$destination.new" "$destination"
# The source tree (165 MB for PostgreSQL) is not needed again; the log stays.
rm -rf "$work/source" "$apt_dir/cache"
