resource "google_artifact_registry_repository" "images" {
  project       = var.project_id
  location      = var.region
  repository_id = "shoplake"
  description   = "Images of the ShopLake services"
  format        = "DOCKER"

  depends_on = [google_project_service.apis]
}
