"""Generated from protos/clinverify/api; do not edit."""
