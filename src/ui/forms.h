// Building blocks of the editors (groups, titles, contacts, addresses): a two-column form table
// (label, value), inline validation messages under a field, one text field per shop language.
// Every field registers its rectangle for tests as "<hook>.<field>".
#pragma once

#include "core/customers.h" // FieldError
#include "core/reference.h" // NamedId

#include <map>
#include <string>
#include <vector>

namespace clientele::ui::forms {

// Starts a form row: the translated label in the first column, the value column current.
void row(const char* label_key);
// The translated messages for `field`, in the danger colour, under the field.
void errors(const std::vector<core::FieldError>& errors, const std::string& field);
// A full-width text field; returns true when edited.
bool text(const std::string& hook, const char* field, std::string& value, bool multiline = false);
// One field per language ("Name (Français)"), fields named like core's errors: "name[2]".
// `shown` are the errors to show under them (nullptr: none yet).
bool lang_texts(const std::string& hook, const char* field, const char* label_key,
                const std::vector<core::NamedId>& languages, std::map<int, std::string>& values,
                const std::vector<core::FieldError>* shown, bool multiline = false);
// A number typed as text; `parsed` is set when the text is a number. Returns true when edited.
bool number(const std::string& hook, const char* field, std::string& text, double& parsed,
            bool& valid);
// Wrapped text in the muted colour (explanations under a heading).
void hint(const char* text);
// A red line of text (save errors that are not about one field).
void danger_text(const std::string& message);
// The first message of `errors` for `field` ("" when none), translated.
std::string first_error(const std::vector<core::FieldError>& errors, const std::string& field);

} // namespace clientele::ui::forms
