-- Rasa's conversations live in a database of their own beside the CRM's (compose.yaml).
CREATE DATABASE rasa OWNER rumbo;
