// The Catalog module; see ../../../shared/DESIGN.md (and docs/ARCHITECTURE.md) for what lives here.
