"""An assessment's lifecycle: create, edit, finalise, delete, archive (services, pages).

It uses the questionnaire (answers) and results (the snapshot a final assessment keeps);
neither of them imports it.
"""
