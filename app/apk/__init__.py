"""Local, offline APK analysis. The only package that may import androguard."""
