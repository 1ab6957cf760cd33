"""Templates: the versioned file format, the folders they live in, and the library over them.

See ``docs/template-format.md`` for the file format and :mod:`app.domain.placeholders` for
how a template's placeholders fill a new group.
"""

from app.services.templates.fileformat import (
    FORMAT_ID,
    FORMAT_VERSION,
    Template,
    TemplateFormatError,
    TemplateMeta,
    TemplateSecretError,
    describe_kind,
    find_secrets,
    parse_template,
    template_text,
)
from app.services.templates.folders import (
    STARTER_DIR,
    FolderRole,
    FolderSettingsError,
    TemplateFolder,
    add_extra_folder,
    library_folders,
    read_extra_folders,
    remove_extra_folder,
)
from app.services.templates.library import (
    DeletedTemplate,
    TemplateEntry,
    TemplateLibrary,
    TemplateLibraryError,
    read_entry,
)

__all__ = [
    "FORMAT_ID",
    "FORMAT_VERSION",
    "STARTER_DIR",
    "DeletedTemplate",
    "FolderRole",
    "FolderSettingsError",
    "Template",
    "TemplateEntry",
    "TemplateFolder",
    "TemplateFormatError",
    "TemplateLibrary",
    "TemplateLibraryError",
    "TemplateMeta",
    "TemplateSecretError",
    "add_extra_folder",
    "describe_kind",
    "find_secrets",
    "library_folders",
    "parse_template",
    "read_entry",
    "read_extra_folders",
    "remove_extra_folder",
    "template_text",
]
