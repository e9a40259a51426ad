#!/bin/sh
# Makes vectors.txt: RSA public keys and signatures made by OpenSSL, for
# tests/crypto_provider.rs. Run from this directory; needs openssl 3.
# Each run makes new keys (the test reads whatever the file holds).
#   key NAME SPKI-HEX
#   sig KEY pkcs1|pss HASH SALT SIG-HEX   (SALT is - for pkcs1)
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
msg="$tmp/msg"
printf 'JPKI provider vectors: the same answer from every provider' >"$msg"
out=vectors.txt
{
  echo "# made by make_vectors.sh with $(openssl version | cut -d' ' -f1-2)"
  echo "message $(xxd -p -c 0 "$msg")"
} >"$out"
hexof() { xxd -p -c 0 "$1"; }
for spec in k2048:2048:65537 k1024:1024:65537 k3072e3:3072:3 k4096:4096:65537; do
  name=${spec%%:*}; rest=${spec#*:}; bits=${rest%%:*}; e=${rest#*:}
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:"$bits" \
    -pkeyopt rsa_keygen_pubexp:"$e" -out "$tmp/$name.pem" 2>/dev/null
  openssl pkey -in "$tmp/$name.pem" -pubout -outform DER -out "$tmp/$name.spki"
  echo "key $name $(hexof "$tmp/$name.spki")" >>"$out"
  emlen=$(( (bits - 1 + 7) / 8 ))
  for h in sha1 sha256 sha384 sha512; do
    openssl dgst -"$h" -sign "$tmp/$name.pem" -out "$tmp/sig" "$msg"
    echo "sig $name pkcs1 $h - $(hexof "$tmp/sig")" >>"$out"
    case $h in sha1) hl=20 ;; sha256) hl=32 ;; sha384) hl=48 ;; sha512) hl=64 ;; esac
    for salt in 0 "$hl" $((emlen - hl - 2)); do
      [ $((emlen - hl - 2 - salt)) -ge 0 ] || continue
      openssl dgst -"$h" -sign "$tmp/$name.pem" -sigopt rsa_padding_mode:pss \
        -sigopt rsa_pss_saltlen:"$salt" -sigopt rsa_mgf1_md:"$h" -out "$tmp/sig" "$msg"
      echo "sig $name pss $h $salt $(hexof "$tmp/sig")" >>"$out"
    done
  done
done
