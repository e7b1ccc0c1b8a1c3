#!/usr/bin/env bash
# Installs the command-line tools the workflows run, each at the version pinned below, and only
# after its download matches its SHA-256: the one pinned in .github/tools.sha256 when that file has
# an entry for the download's URL, else the one its release publishes (with a warning, as that list
# is fetched from the same place as the download). A mismatch fails the job before anything of the
# download runs. Renovate raises the versions (renovate.json); the Pin workflow (pin.yaml) refreshes
# .github/tools.sha256 for them.
#
#   bash .github/scripts/install-tools.sh helm kubeconform terraform tflint
#   bash .github/scripts/install-tools.sh --pin   # rewrites .github/tools.sha256 from the releases
#
# The tools land in $RUNNER_TEMP/tools, which is added to the job's PATH.
set -euo pipefail
shopt -s inherit_errexit

# renovate: datasource=github-releases depName=helm/helm
HELM_VERSION=v3.17.2
# renovate: datasource=github-releases depName=yannh/kubeconform
KUBECONFORM_VERSION=v0.6.7
# renovate: datasource=github-releases depName=hashicorp/terraform extractVersion=^v(?<version>.+)$
TERRAFORM_VERSION=1.11.4
# renovate: datasource=github-releases depName=terraform-linters/tflint
TFLINT_VERSION=v0.53.0

ALL_TOOLS=(helm kubeconform terraform tflint)
PINNED="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tools.sha256"
PIN_WORKFLOW='run the Pin workflow (Actions > Pin tool checksums and Terraform providers > Run workflow) and merge its pull request'

tools_dir="${RUNNER_TEMP:-/tmp}/tools"
downloads="$(mktemp -d)"
trap 'rm -rf "$downloads"' EXIT

# release TOOL: sets url (the linux amd64 archive of the pinned version) and checksums_url (the
# checksum list its release publishes).
release() {
  case "$1" in
    helm)
      url="https://get.helm.sh/helm-${HELM_VERSION}-linux-amd64.tar.gz"
      checksums_url="$url.sha256sum"
      ;;
    kubeconform)
      url="https://github.com/yannh/kubeconform/releases/download/${KUBECONFORM_VERSION}/kubeconform-linux-amd64.tar.gz"
      checksums_url="$(dirname "$url")/CHECKSUMS"
      ;;
    terraform)
      url="https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_linux_amd64.zip"
      checksums_url="$(dirname "$url")/terraform_${TERRAFORM_VERSION}_SHA256SUMS"
      ;;
    tflint)
      url="https://github.com/terraform-linters/tflint/releases/download/${TFLINT_VERSION}/tflint_linux_amd64.zip"
      checksums_url="$(dirname "$url")/checksums.txt"
      ;;
    *)
      echo "::error::unknown tool '$1' (${ALL_TOOLS[*]})" >&2
      exit 1
      ;;
  esac
}

# published_sha256 URL CHECKSUMS_URL: the SHA-256 the release's checksum list gives for the file.
published_sha256() {
  local file expected
  file="$(basename "$1")"
  curl -fsSL --retry 3 -o "$downloads/checksums" "$2"
  expected="$(awk -v f="$file" '$2 == f || $2 == "*" f { print $1 }' "$downloads/checksums")"
  if [[ ! "$expected" =~ ^[0-9a-f]{64}$ ]]; then
    echo "::error::no SHA-256 for $file in $2" >&2
    exit 1
  fi
  echo "$expected"
}

# pinned_sha256 URL: the SHA-256 .github/tools.sha256 pins for the URL, or nothing.
pinned_sha256() {
  [[ -f "$PINNED" ]] || return 0
  awk -v u="$1" '$2 == u { print $1 }' "$PINNED"
}

# download URL CHECKSUMS_URL: fetches the archive and keeps it only when it has its SHA-256.
download() {
  local url="$1" checksums_url="$2" file expected
  file="$(basename "$url")"
  curl -fsSL --retry 3 -o "$downloads/$file" "$url"
  expected="$(pinned_sha256 "$url")"
  if [[ -n "$expected" ]]; then
    if ! echo "$expected  $downloads/$file" | sha256sum --check --status; then
      echo "::error::$url does not match the SHA-256 pinned in .github/tools.sha256 ($expected)" >&2
      exit 1
    fi
  else
    echo "::warning::no SHA-256 pinned for $url in .github/tools.sha256, checked against its release's list only. To pin it, $PIN_WORKFLOW." >&2
    expected="$(published_sha256 "$url" "$checksums_url")"
    if ! echo "$expected  $downloads/$file" | sha256sum --check --status; then
      echo "::error::$file does not match its published SHA-256 $expected" >&2
      exit 1
    fi
  fi
  echo "$downloads/$file"
}

if [[ "${1:-}" == "--pin" ]]; then
  {
    echo "# SHA-256 of each tool download of .github/scripts/install-tools.sh, by URL, taken from"
    echo "# the release checksum lists by \`install-tools.sh --pin\` (the Pin workflow). Review changes."
    for tool in "${ALL_TOOLS[@]}"; do
      release "$tool"
      sum="$(published_sha256 "$url" "$checksums_url")"
      echo "$sum  $url"
    done
  } > "$downloads/tools.sha256"
  mv "$downloads/tools.sha256" "$PINNED"
  echo "Pinned ${ALL_TOOLS[*]} in $PINNED"
  exit 0
fi

mkdir -p "$tools_dir"
for tool in "$@"; do
  release "$tool"
  archive="$(download "$url" "$checksums_url")"
  case "$tool" in
    helm) tar -xzf "$archive" -C "$tools_dir" --strip-components=1 linux-amd64/helm ;;
    kubeconform) tar -xzf "$archive" -C "$tools_dir" kubeconform ;;
    terraform) unzip -o -q "$archive" terraform -d "$tools_dir" ;;
    tflint) unzip -o -q "$archive" tflint -d "$tools_dir" ;;
  esac
  echo "Installed $tool into $tools_dir"
done

if [[ -n "${GITHUB_PATH:-}" ]]; then
  echo "$tools_dir" >> "$GITHUB_PATH"
fi
