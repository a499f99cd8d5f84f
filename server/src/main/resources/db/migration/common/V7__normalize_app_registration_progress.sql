-- Until sync followed Verifik's step and status rules, a registration holder could store any text as its
-- step or status. Statuses outside Verifik's set become ONGOING (the registration was under way, and no
-- outcome can be trusted from such a text); steps outside Verifik's set are forgotten.
UPDATE app_registrations SET status = 'ONGOING'
 WHERE status NOT IN ('STARTED', 'ONGOING', 'COMPLETED_WITHOUT_KYC', 'COMPLETED', 'FAILED',
                      'NEEDS_MANUAL_VERIFICATION');
UPDATE app_registrations SET step = NULL
 WHERE step IS NOT NULL
   AND step NOT IN ('skipKYC', 'instructions', 'signUpForm', 'basicInformation', 'document', 'liveness', 'form',
                    'end');
