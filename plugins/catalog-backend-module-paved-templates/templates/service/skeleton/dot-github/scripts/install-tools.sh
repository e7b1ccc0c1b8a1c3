#!/usr/bin/env bash
# Installs the command-line tools the workflows run, each at the version pinned below, and only
# after its download matches the SHA-256 its release publishes: a download that does not match
# fails the job before anything of it runs. Renovate raises the versions (renovate.json).
#
#   bash .github/scripts/install-tools.sh helm kubeconform terraform tflint
#
# The tools land in $RUNNER_TEMP/tools, which is added to the job's PATH.
set -euo pipefail

# renovate: datasource=github-releases depName=helm/helm
HELM_VERSION=v3.17.2
# renovate: datasource=github-releases depName=yannh/kubeconform
KUBECONFORM_VERSION=v0.6.7
# renovate: datasource=github-releases depName=hashicorp/terraform extractVersion=^v(?<version>.+)$
TERRAFORM_VERSION=1.11.4
# renovate: datasource=github-releases depName=terraform-linters/tflint
TFLINT_VERSION=v0.53.0

tools_dir="${RUNNER_TEMP:-/tmp}/tools"
downloads="$(mktemp -d)"
trap 'rm -rf "$downloads"' EXIT
mkdir -p "$tools_dir"

# download URL CHECKSUMS_URL: fetches the archive and its release's checksum list, and keeps the
# archive only when its SHA-256 is the one the list gives for its file name.
download() {
  local url="$1" checksums_url="$2" file expected
  file="$(basename "$url")"
  curl -fsSL --retry 3 -o "$downloads/$file" "$url"
  curl -fsSL --retry 3 -o "$downloads/$file.checksums" "$checksums_url"
  expected="$(awk -v f="$file" '$2 == f || $2 == "*" f { print $1 }' "$downloads/$file.checksums")"
  if [[ ! "$expected" =~ ^[0-9a-f]{64}$ ]]; then
    echo "::error::no SHA-256 for $file in $checksums_url" >&2
    exit 1
  fi
  if ! echo "$expected  $downloads/$file" | sha256sum --check --status; then
    echo "::error::$file does not match its published SHA-256 $expected" >&2
    exit 1
  fi
  echo "$downloads/$file"
}

for tool in "$@"; do
  case "$tool" in
    helm)
      archive="$(download "https://get.helm.sh/helm-${HELM_VERSION}-linux-amd64.tar.gz" \
        "https://get.helm.sh/helm-${HELM_VERSION}-linux-amd64.tar.gz.sha256sum")"
      tar -xzf "$archive" -C "$tools_dir" --strip-components=1 linux-amd64/helm
      ;;
    kubeconform)
      archive="$(download "https://github.com/yannh/kubeconform/releases/download/${KUBECONFORM_VERSION}/kubeconform-linux-amd64.tar.gz" \
        "https://github.com/yannh/kubeconform/releases/download/${KUBECONFORM_VERSION}/CHECKSUMS")"
      tar -xzf "$archive" -C "$tools_dir" kubeconform
      ;;
    terraform)
      archive="$(download "https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_linux_amd64.zip" \
        "https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_SHA256SUMS")"
      unzip -o -q "$archive" terraform -d "$tools_dir"
      ;;
    tflint)
      archive="$(download "https://github.com/terraform-linters/tflint/releases/download/${TFLINT_VERSION}/tflint_linux_amd64.zip" \
        "https://github.com/terraform-linters/tflint/releases/download/${TFLINT_VERSION}/checksums.txt")"
      unzip -o -q "$archive" tflint -d "$tools_dir"
      ;;
    *)
      echo "::error::unknown tool '$tool' (helm, kubeconform, terraform, tflint)" >&2
      exit 1
      ;;
  esac
  echo "Installed $tool into $tools_dir"
done

if [[ -n "${GITHUB_PATH:-}" ]]; then
  echo "$tools_dir" >> "$GITHUB_PATH"
fi
