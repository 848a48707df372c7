"""Writers for platform export formats (see /work/shared/real-exports/FORMATS.md)."""
