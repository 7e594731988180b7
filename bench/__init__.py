"""`make bench`: speed, memory and responsiveness measurements of ESR Troubleshooter."""
