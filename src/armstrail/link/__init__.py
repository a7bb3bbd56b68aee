"""Linking across articles: claims that state one proposition form a cluster; each cluster counts
its independent origins (SCHEMA.md, "Story clusters across articles")."""

from armstrail.link.clusters import Cluster, ClusterIndex, clusters_json
from armstrail.link.origins import claim_origin, denier_of

__all__ = ["Cluster", "ClusterIndex", "claim_origin", "clusters_json", "denier_of"]
