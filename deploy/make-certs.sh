#!/usr/bin/env bash
# Makes the cluster's mutual-TLS material with openssl: a CA (kept once, reused) and a certificate + key per name,
# signed by it, valid for both ends of a connection (server and client auth). Silos and clients accept exactly the
# certificates this CA signed.
#   deploy/make-certs.sh DIR silo-a silo-b alice      # DIR/ca.pem, DIR/ca.key, DIR/silo-a.pem, DIR/silo-a.key, ...
# Give each silo its own name and each person or program that runs `lse campaign` another. Keep DIR/ca.key offline.
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 DIR NAME [NAME ...]" >&2
  exit 2
fi
dir=$1
shift
command -v openssl >/dev/null || { echo "error: openssl is needed (apt-get install openssl)." >&2; exit 1; }
mkdir -p "$dir"
umask 077
days=${LSE_CERT_DAYS:-397}
if [[ ! -f $dir/ca.pem ]]; then
  openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 3650 -subj "/CN=LSE cluster CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  echo "made the CA: $dir/ca.pem (its key $dir/ca.key signs every certificate: keep it offline)"
fi
for name in "$@"; do
  if [[ ! $name =~ ^[A-Za-z0-9._-]+$ ]]; then
    echo "error: '$name': use letters, digits, '.', '_' and '-'." >&2
    exit 2
  fi
  openssl req -newkey rsa:3072 -sha256 -nodes -subj "/CN=$name" -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial -days "$days" -sha256 \
    -extfile <(printf "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n") \
    -out "$dir/$name.pem" 2>/dev/null
  rm -f "$dir/$name.csr"
  echo "made $dir/$name.pem and $dir/$name.key (valid $days days)"
done
