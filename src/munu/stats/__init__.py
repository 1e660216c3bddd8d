"""Statistical inference for linear-in-κ binned models (κ = μ², 90 % CL upper limits)."""
