"""The review procedure (rà soát hộ nghèo, hộ cận nghèo): campaigns, requests, surveys, meetings,
posting, complaints, decisions, escape registrations and support needs."""
