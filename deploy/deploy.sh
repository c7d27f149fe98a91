#!/usr/bin/env bash
# Deploys ShopLake to a Google Cloud project: the documented sequence of docs/deploy-gcp.md.
#
#   PROJECT_ID=my-project LAKE_BUCKET=my-project-shoplake-lake ./deploy/deploy.sh
#
# Optional: REGION (europe-west1), BQ_LOCATION (EU), TAG (git commit), OPERATORS
# (comma-separated IAM members, e.g. user:ana@example.com), OPERATOR_EMAILS
# (comma-separated e-mails the services accept in tokens).
# Needs: gcloud (logged in as a project owner), terraform >= 1.6, a JDK 17.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${PROJECT_ID:?set PROJECT_ID}"
: "${LAKE_BUCKET:?set LAKE_BUCKET (globally unique bucket name)}"
REGION="${REGION:-europe-west1}"
BQ_LOCATION="${BQ_LOCATION:-EU}"
TAG="${TAG:-$(git rev-parse --short HEAD)}"
STATE_BUCKET="${STATE_BUCKET:-${PROJECT_ID}-shoplake-tfstate}"
REGISTRY="${REGION}-docker.pkg.dev/${PROJECT_ID}/shoplake"

hcl_list() { # "a,b" -> ["a","b"]
	local IFS=','; local out=""; for item in $1; do out="${out:+$out,}\"${item}\""; done; echo "[${out}]"
}

echo "1/5 bootstrap APIs and the Terraform state bucket"
gcloud services enable serviceusage.googleapis.com cloudresourcemanager.googleapis.com \
	storage.googleapis.com artifactregistry.googleapis.com --project "$PROJECT_ID"
if ! gcloud storage buckets describe "gs://${STATE_BUCKET}" --project "$PROJECT_ID" >/dev/null 2>&1; then
	gcloud storage buckets create "gs://${STATE_BUCKET}" --project "$PROJECT_ID" --location "$REGION" \
		--uniform-bucket-level-access --public-access-prevention
fi

cat > infra/terraform.tfvars <<TFVARS
project_id        = "${PROJECT_ID}"
region            = "${REGION}"
bigquery_location = "${BQ_LOCATION}"
lake_bucket       = "${LAKE_BUCKET}"
image_tag         = "${TAG}"
operators         = $(hcl_list "${OPERATORS:-}")
operator_emails   = $(hcl_list "${OPERATOR_EMAILS:-}")
TFVARS

echo "2/5 terraform init"
terraform -chdir=infra init -input=false -backend-config="bucket=${STATE_BUCKET}" -backend-config="prefix=shoplake"

echo "3/5 the image repository first (the services need their images to exist)"
terraform -chdir=infra apply -input=false -auto-approve \
	-target=google_project_service.apis -target=google_artifact_registry_repository.images

echo "4/5 build and push the three images with Jib (tag ${TAG})"
gcloud auth configure-docker "${REGION}-docker.pkg.dev" --quiet
./mvnw -B -ntp -DskipTests -pl producer-service,ingest-service,transform-service -am package \
	com.google.cloud.tools:jib-maven-plugin:build -Dimage.registry="${REGISTRY}" -Dimage.tag="${TAG}"

echo "5/5 everything else"
terraform -chdir=infra apply -input=false -auto-approve
terraform -chdir=infra output
