#!/usr/bin/env bash
# Deploys ShopLake to a Google Cloud project: the documented sequence of docs/deploy-gcp.md.
#
#   PROJECT_ID=my-project LAKE_BUCKET=my-project-shoplake-lake ./deploy/deploy.sh
#
# Optional: REGION (europe-west1), BQ_LOCATION (EU), TAG (git commit), OPERATORS
# (comma-separated IAM members, e.g. user:ana@example.com), OPERATOR_EMAILS
# (comma-separated e-mails the services accept in tokens).
# Needs: gcloud (logged in as a project owner), terraform >= 1.6, a JDK 17.
#
#   PROJECT_ID=my-project ./deploy/deploy.sh --looker-studio-url
# prints only the Looker Studio link of docs/looker-studio.md (no deployment).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${PROJECT_ID:?set PROJECT_ID}"

# The marts a Looker Studio report reads, as <data source alias>:<table> in the marts
# dataset (docs/looker-studio.md says which chart each feeds).
LOOKER_STUDIO_MARTS=(daily_sales:fct_daily_sales product_daily:fct_product_daily products:dim_products
	funnel:fct_funnel_daily attribution:fct_ad_attribution campaigns:dim_campaigns
	data_quality:fct_data_quality_daily)

urlencode() { # RFC 3986: unreserved characters as they are, every other byte %XX
	local LC_ALL=C text="$1" out="" char i
	for ((i = 0; i < ${#text}; i++)); do
		char="${text:i:1}"
		case "$char" in
			[a-zA-Z0-9.~_-]) out+="$char" ;;
			*) out+="$(printf '%%%02X' "'$char")" ;;
		esac
	done
	echo "$out"
}

# A Looker Studio Linking API URL that opens a new report with each mart as a BigQuery
# table data source of PROJECT (billed to PROJECT, read with the viewer's credentials).
looker_studio_url() {
	local project="$1" dataset="${2:-shoplake_marts}" url alias table
	url="https://lookerstudio.google.com/reporting/create?c.mode=edit&r.reportName=$(urlencode "ShopLake (${project})")"
	for mart in "${LOOKER_STUDIO_MARTS[@]}"; do
		alias="${mart%%:*}"
		table="${mart#*:}"
		url+="&ds.${alias}.connector=bigQuery&ds.${alias}.type=TABLE"
		url+="&ds.${alias}.projectId=$(urlencode "$project")&ds.${alias}.datasetId=$(urlencode "$dataset")"
		url+="&ds.${alias}.tableId=$(urlencode "$table")&ds.${alias}.billingProjectId=$(urlencode "$project")"
		url+="&ds.${alias}.datasourceName=$(urlencode "ShopLake ${table}")"
	done
	echo "$url"
}

if [ "${1:-}" = "--looker-studio-url" ]; then
	looker_studio_url "$PROJECT_ID"
	exit 0
fi
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
echo
echo "Looker Studio (a new report on the marts; docs/looker-studio.md):"
looker_studio_url "$PROJECT_ID"
