/// The OpenAPI 3.1 document served at `GET /v2/openapi.json`; a test checks it against the router:
/// every route documented, every documented route served.
enum OpenAPIDocument {
    static let json = #"""
        {
          "components": {
            "responses": {
              "BadRequest": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "The body is not JSON"
              },
              "Conflict": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "A name or tag is taken, or the resource is in use"
              },
              "Forbidden": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "The key's role is too low"
              },
              "Invalid": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ValidationError"
                    }
                  }
                },
                "description": "Validation failed"
              },
              "NotFound": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "No such resource"
              },
              "Unauthorized": {
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                },
                "description": "No API key, or an unknown or revoked one"
              }
            },
            "schemas": {
              "Build": {
                "properties": {
                  "attempts": {
                    "type": "integer"
                  },
                  "commit_sha": {
                    "type": "string"
                  },
                  "completed_date": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "created_date": {
                    "format": "date-time",
                    "type": "string"
                  },
                  "diagnostics": {
                    "items": {
                      "type": "object"
                    },
                    "type": "array"
                  },
                  "failure": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "id": {
                    "type": "integer"
                  },
                  "inputs_digest": {
                    "type": "string"
                  },
                  "integration_id": {
                    "type": "integer"
                  },
                  "ref": {
                    "type": "string"
                  },
                  "release_id": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  },
                  "started_date": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "status": {
                    "enum": [
                      "queued",
                      "running",
                      "succeeded",
                      "failed",
                      "skipped"
                    ],
                    "type": "string"
                  },
                  "tag": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "trigger": {
                    "enum": [
                      "webhook",
                      "poll",
                      "api",
                      "cli"
                    ],
                    "type": "string"
                  }
                },
                "type": "object"
              },
              "Connection": {
                "properties": {
                  "account_name": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "api_url": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "created_date": {
                    "format": "date-time",
                    "type": "string"
                  },
                  "from_config": {
                    "type": "boolean"
                  },
                  "id": {
                    "type": "string"
                  },
                  "modified_date": {
                    "format": "date-time",
                    "type": "string"
                  },
                  "poll_interval_seconds": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  },
                  "provider": {
                    "type": "string"
                  },
                  "token": {
                    "properties": {
                      "set": {
                        "type": "boolean"
                      },
                      "source": {
                        "type": [
                          "string",
                          "null"
                        ]
                      }
                    },
                    "type": "object"
                  },
                  "webhook_basic_auth": {
                    "type": [
                      "object",
                      "null"
                    ]
                  },
                  "webhook_header": {
                    "type": [
                      "object",
                      "null"
                    ]
                  },
                  "webhook_secret": {
                    "type": "object"
                  },
                  "webhook_url": {
                    "type": "string"
                  }
                },
                "type": "object"
              },
              "Decision": {
                "properties": {
                  "build_id": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  },
                  "commit_sha": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "created_date": {
                    "format": "date-time",
                    "type": "string"
                  },
                  "delivery_id": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "id": {
                    "type": "integer"
                  },
                  "inputs_digest": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "integration_id": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  },
                  "modified_date": {
                    "format": "date-time",
                    "type": "string"
                  },
                  "outcome": {
                    "type": "string"
                  },
                  "provider": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "reason": {
                    "type": "string"
                  },
                  "ref": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "repository": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "source": {
                    "type": "string"
                  },
                  "steps": {
                    "items": {
                      "type": "object"
                    },
                    "type": "array"
                  },
                  "trigger_id": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  }
                },
                "type": "object"
              },
              "Error": {
                "properties": {
                  "message": {
                    "type": "string"
                  }
                },
                "required": [
                  "message"
                ],
                "type": "object"
              },
              "Integration": {
                "properties": {
                  "connection_id": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "created_date": {
                    "format": "date-time",
                    "type": "string"
                  },
                  "default_release_channel": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "default_release_id": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  },
                  "id": {
                    "type": "integer"
                  },
                  "include": {
                    "items": {
                      "type": "string"
                    },
                    "type": "array"
                  },
                  "long_name": {
                    "type": "string"
                  },
                  "modified_date": {
                    "format": "date-time",
                    "type": "string"
                  },
                  "name": {
                    "type": "string"
                  },
                  "repository_path": {
                    "type": "string"
                  },
                  "repository_tracking_branch": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "repository_url": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "type": {
                    "enum": [
                      "internal",
                      "external"
                    ],
                    "type": "string"
                  }
                },
                "type": "object"
              },
              "Message": {
                "properties": {
                  "message": {
                    "type": "string"
                  }
                },
                "type": "object"
              },
              "Release": {
                "properties": {
                  "artifact_digest": {
                    "type": "string"
                  },
                  "artifact_size": {
                    "type": "integer"
                  },
                  "build_id": {
                    "type": "integer"
                  },
                  "commit_sha": {
                    "type": "string"
                  },
                  "config_schema": {},
                  "config_version": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "created_date": {
                    "format": "date-time",
                    "type": "string"
                  },
                  "id": {
                    "type": "integer"
                  },
                  "inputs_digest": {
                    "type": "string"
                  },
                  "integration_id": {
                    "type": "integer"
                  },
                  "metadata_schema": {},
                  "name": {
                    "type": "string"
                  },
                  "number": {
                    "type": "integer"
                  },
                  "provenance": {
                    "type": "object"
                  },
                  "run_command": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "tag": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "tags": {
                    "items": {
                      "type": "string"
                    },
                    "type": "array"
                  }
                },
                "type": "object"
              },
              "TagRequest": {
                "additionalProperties": false,
                "properties": {
                  "tag": {
                    "maxLength": 128,
                    "minLength": 1,
                    "type": "string"
                  }
                },
                "required": [
                  "tag"
                ],
                "type": "object"
              },
              "ValidationError": {
                "properties": {
                  "detail": {
                    "items": {
                      "properties": {
                        "loc": {
                          "items": {
                            "type": "string"
                          },
                          "type": "array"
                        },
                        "msg": {
                          "type": "string"
                        },
                        "type": {
                          "type": "string"
                        }
                      },
                      "type": "object"
                    },
                    "type": "array"
                  }
                },
                "required": [
                  "detail"
                ],
                "type": "object"
              }
            },
            "securitySchemes": {
              "apiKey": {
                "in": "header",
                "name": "X-API-KEY",
                "type": "apiKey"
              },
              "bearer": {
                "scheme": "bearer",
                "type": "http"
              }
            }
          },
          "info": {
            "description": "Integrations, releases, builds, decisions and connections of a Slipway server. Authenticate with X-API-KEY or Authorization: Bearer; roles: viewer (read), release-manager (releases, defaults, tags, builds), admin (everything).",
            "title": "Slipway admin API",
            "version": "2"
          },
          "openapi": "3.1.0",
          "paths": {
            "/healthz": {
              "get": {
                "description": "Public.",
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    },
                    "description": "Healthy"
                  },
                  "503": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    },
                    "description": "The database does not answer"
                  }
                },
                "security": [],
                "summary": "Health: the database answers"
              }
            },
            "/hooks/{connection_id}": {
              "post": {
                "description": "Public.",
                "parameters": [
                  {
                    "in": "path",
                    "name": "connection_id",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "type": "object"
                      }
                    }
                  },
                  "required": true
                },
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Message"
                        }
                      }
                    },
                    "description": "Ping, test or duplicate delivery"
                  },
                  "202": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    },
                    "description": "Accepted: persisted, processed asynchronously. Body: message, delivery_id and decisions, a summary of each recorded decision (id, integration_id, ref, commit_sha, outcome, reason); whole records are listed at GET /v2/decisions"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    },
                    "description": "Signature, token or credentials did not verify"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "413": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Error"
                        }
                      }
                    },
                    "description": "Body too large"
                  }
                },
                "security": [],
                "summary": "Webhook intake for a connection (authenticated by the provider's scheme)",
                "tags": [
                  "webhooks"
                ]
              }
            },
            "/metrics": {
              "get": {
                "description": "Public.",
                "responses": {
                  "200": {
                    "content": {
                      "text/plain": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    },
                    "description": "Prometheus text format"
                  }
                },
                "security": [],
                "summary": "Prometheus metrics"
              }
            },
            "/v2/builds": {
              "get": {
                "description": "Role: viewer.",
                "parameters": [
                  {
                    "in": "query",
                    "name": "limit",
                    "schema": {
                      "default": 100,
                      "maximum": 500,
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "in": "query",
                    "name": "skip",
                    "schema": {
                      "default": 0,
                      "minimum": 0,
                      "type": "integer"
                    }
                  },
                  {
                    "description": "<field>__ASC or <field>__DESC",
                    "in": "query",
                    "name": "sort_by",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "in": "query",
                    "name": "integration_id",
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "items": {
                            "$ref": "#/components/schemas/Build"
                          },
                          "type": "array"
                        }
                      }
                    },
                    "description": "Builds",
                    "headers": {
                      "X-Total-Count": {
                        "description": "Items in all pages",
                        "schema": {
                          "type": "integer"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "List builds, newest first"
              }
            },
            "/v2/builds/{id}": {
              "get": {
                "description": "Role: viewer.",
                "parameters": [
                  {
                    "description": "Build id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Build"
                        }
                      }
                    },
                    "description": "The build"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                },
                "summary": "Get a build"
              }
            },
            "/v2/builds/{id}/log": {
              "get": {
                "description": "Role: viewer.",
                "parameters": [
                  {
                    "description": "Build id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "in": "query",
                    "name": "format",
                    "schema": {
                      "enum": [
                        "text",
                        "json"
                      ],
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "array"
                        }
                      },
                      "text/plain": {
                        "schema": {
                          "type": "string"
                        }
                      }
                    },
                    "description": "The log"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                },
                "summary": "A build's log (text, or JSON with ?format=json)"
              }
            },
            "/v2/decisions": {
              "get": {
                "description": "Role: viewer.",
                "parameters": [
                  {
                    "in": "query",
                    "name": "limit",
                    "schema": {
                      "default": 100,
                      "maximum": 500,
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "in": "query",
                    "name": "skip",
                    "schema": {
                      "default": 0,
                      "minimum": 0,
                      "type": "integer"
                    }
                  },
                  {
                    "description": "<field>__ASC or <field>__DESC",
                    "in": "query",
                    "name": "sort_by",
                    "schema": {
                      "type": "string"
                    }
                  },
                  {
                    "in": "query",
                    "name": "integration_id",
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "in": "query",
                    "name": "repository",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "items": {
                            "$ref": "#/components/schemas/Decision"
                          },
                          "type": "array"
                        }
                      }
                    },
                    "description": "Decisions",
                    "headers": {
                      "X-Total-Count": {
                        "description": "Items in all pages",
                        "schema": {
                          "type": "integer"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "Decision records: why a trigger built or did not"
              }
            },
            "/v2/integrations": {
              "get": {
                "description": "Role: viewer.",
                "parameters": [
                  {
                    "in": "query",
                    "name": "limit",
                    "schema": {
                      "default": 100,
                      "maximum": 500,
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "in": "query",
                    "name": "skip",
                    "schema": {
                      "default": 0,
                      "minimum": 0,
                      "type": "integer"
                    }
                  },
                  {
                    "description": "<field>__ASC or <field>__DESC",
                    "in": "query",
                    "name": "sort_by",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "items": {
                            "$ref": "#/components/schemas/Integration"
                          },
                          "type": "array"
                        }
                      }
                    },
                    "description": "Integrations",
                    "headers": {
                      "X-Total-Count": {
                        "description": "Items in all pages",
                        "schema": {
                          "type": "integer"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "List integrations"
              },
              "post": {
                "description": "Role: admin.",
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "additionalProperties": false,
                        "properties": {
                          "connection_id": {
                            "type": [
                              "string",
                              "null"
                            ]
                          },
                          "default_release_channel": {
                            "enum": [
                              "Default",
                              "Latest",
                              null
                            ],
                            "type": [
                              "string",
                              "null"
                            ]
                          },
                          "include": {
                            "items": {
                              "type": "string"
                            },
                            "type": "array"
                          },
                          "long_name": {
                            "type": "string"
                          },
                          "name": {
                            "pattern": "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
                            "type": "string"
                          },
                          "repository_path": {
                            "type": "string"
                          },
                          "repository_tracking_branch": {
                            "type": "string"
                          },
                          "repository_url": {
                            "type": "string"
                          },
                          "type": {
                            "enum": [
                              "internal",
                              "external"
                            ],
                            "type": "string"
                          }
                        },
                        "required": [
                          "name"
                        ],
                        "type": "object"
                      }
                    }
                  },
                  "required": true
                },
                "responses": {
                  "201": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Integration"
                        }
                      }
                    },
                    "description": "Created"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "Create an integration"
              }
            },
            "/v2/integrations/{id}": {
              "delete": {
                "description": "Role: admin.",
                "parameters": [
                  {
                    "description": "Integration id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  }
                ],
                "responses": {
                  "204": {
                    "description": "Deleted"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                },
                "summary": "Delete an integration with its builds, releases and tenants"
              },
              "get": {
                "description": "Role: viewer.",
                "parameters": [
                  {
                    "description": "Integration id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Integration"
                        }
                      }
                    },
                    "description": "The integration"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                },
                "summary": "Get an integration"
              },
              "patch": {
                "description": "Role: admin.",
                "parameters": [
                  {
                    "description": "Integration id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  }
                ],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "additionalProperties": false,
                        "properties": {
                          "connection_id": {
                            "type": [
                              "string",
                              "null"
                            ]
                          },
                          "default_release_channel": {
                            "enum": [
                              "Default",
                              "Latest",
                              null
                            ],
                            "type": [
                              "string",
                              "null"
                            ]
                          },
                          "include": {
                            "items": {
                              "type": "string"
                            },
                            "type": "array"
                          },
                          "long_name": {
                            "type": "string"
                          },
                          "name": {
                            "pattern": "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
                            "type": "string"
                          },
                          "repository_path": {
                            "type": "string"
                          },
                          "repository_tracking_branch": {
                            "type": "string"
                          },
                          "repository_url": {
                            "type": "string"
                          },
                          "type": {
                            "enum": [
                              "internal",
                              "external"
                            ],
                            "type": "string"
                          }
                        },
                        "type": "object"
                      }
                    }
                  },
                  "required": true
                },
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Integration"
                        }
                      }
                    },
                    "description": "Changed"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "Change an integration"
              }
            },
            "/v2/integrations/{id}/releases": {
              "get": {
                "description": "Role: viewer.",
                "parameters": [
                  {
                    "description": "Integration id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "in": "query",
                    "name": "limit",
                    "schema": {
                      "default": 100,
                      "maximum": 500,
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "in": "query",
                    "name": "skip",
                    "schema": {
                      "default": 0,
                      "minimum": 0,
                      "type": "integer"
                    }
                  },
                  {
                    "description": "<field>__ASC or <field>__DESC",
                    "in": "query",
                    "name": "sort_by",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "items": {
                            "$ref": "#/components/schemas/Release"
                          },
                          "type": "array"
                        }
                      }
                    },
                    "description": "Releases",
                    "headers": {
                      "X-Total-Count": {
                        "description": "Items in all pages",
                        "schema": {
                          "type": "integer"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "List releases, newest first"
              }
            },
            "/v2/integrations/{id}/releases/default": {
              "get": {
                "description": "Role: viewer.",
                "parameters": [
                  {
                    "description": "Integration id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Release"
                        }
                      }
                    },
                    "description": "The release"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                },
                "summary": "The default release"
              },
              "put": {
                "description": "Role: release-manager.",
                "parameters": [
                  {
                    "description": "Integration id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  }
                ],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "additionalProperties": false,
                        "properties": {
                          "release_id": {
                            "minimum": 1,
                            "type": "integer"
                          }
                        },
                        "required": [
                          "release_id"
                        ],
                        "type": "object"
                      }
                    }
                  },
                  "required": true
                },
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Release"
                        }
                      }
                    },
                    "description": "The new default"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "Set the default release"
              }
            },
            "/v2/integrations/{id}/releases/latest": {
              "get": {
                "description": "Role: viewer.",
                "parameters": [
                  {
                    "description": "Integration id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Release"
                        }
                      }
                    },
                    "description": "The release"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                },
                "summary": "The newest release"
              }
            },
            "/v2/integrations/{id}/releases/{release_id}": {
              "get": {
                "description": "Role: viewer.",
                "parameters": [
                  {
                    "description": "Integration id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "description": "Release id",
                    "in": "path",
                    "name": "release_id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Release"
                        }
                      }
                    },
                    "description": "The release"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                },
                "summary": "Get a release with its provenance"
              }
            },
            "/v2/integrations/{id}/releases/{release_id}/rebuild": {
              "post": {
                "description": "Role: release-manager.",
                "parameters": [
                  {
                    "description": "Integration id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "description": "Release id",
                    "in": "path",
                    "name": "release_id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  }
                ],
                "responses": {
                  "201": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Build"
                        }
                      }
                    },
                    "description": "The build"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                },
                "summary": "Build the release's commit again"
              }
            },
            "/v2/integrations/{id}/releases/{release_id}/tags": {
              "delete": {
                "description": "Role: release-manager.",
                "parameters": [
                  {
                    "description": "Integration id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "description": "Release id",
                    "in": "path",
                    "name": "release_id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "in": "query",
                    "name": "tag",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Release"
                        }
                      }
                    },
                    "description": "Untagged"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "Remove a tag (in the body, or ?tag=)"
              },
              "post": {
                "description": "Role: release-manager.",
                "parameters": [
                  {
                    "description": "Integration id",
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "description": "Release id",
                    "in": "path",
                    "name": "release_id",
                    "required": true,
                    "schema": {
                      "minimum": 1,
                      "type": "integer"
                    }
                  }
                ],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "$ref": "#/components/schemas/TagRequest"
                      }
                    }
                  },
                  "required": true
                },
                "responses": {
                  "201": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Release"
                        }
                      }
                    },
                    "description": "Tagged"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "Tag a release (tags are unique per integration)"
              }
            },
            "/v2/openapi.json": {
              "get": {
                "description": "Public.",
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "type": "object"
                        }
                      }
                    },
                    "description": "OpenAPI 3.1"
                  }
                },
                "security": [],
                "summary": "This document"
              }
            },
            "/v2/sourcecontrol/build": {
              "post": {
                "description": "Role: release-manager.",
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "additionalProperties": false,
                        "properties": {
                          "branch": {
                            "type": "string"
                          },
                          "integration_id": {
                            "minimum": 1,
                            "type": "integer"
                          },
                          "ref": {
                            "type": "string"
                          },
                          "tag": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "integration_id"
                        ],
                        "type": "object"
                      }
                    }
                  },
                  "required": true
                },
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Decision"
                        }
                      }
                    },
                    "description": "Nothing to build; the decision says why"
                  },
                  "201": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Build"
                        }
                      }
                    },
                    "description": "A build was queued"
                  },
                  "202": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Decision"
                        }
                      }
                    },
                    "description": "The fetch is still deciding"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "Build an integration now"
              }
            },
            "/v2/sourcecontrol/connections": {
              "get": {
                "description": "Role: viewer.",
                "parameters": [
                  {
                    "in": "query",
                    "name": "limit",
                    "schema": {
                      "default": 100,
                      "maximum": 500,
                      "minimum": 1,
                      "type": "integer"
                    }
                  },
                  {
                    "in": "query",
                    "name": "skip",
                    "schema": {
                      "default": 0,
                      "minimum": 0,
                      "type": "integer"
                    }
                  },
                  {
                    "description": "<field>__ASC or <field>__DESC",
                    "in": "query",
                    "name": "sort_by",
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "items": {
                            "$ref": "#/components/schemas/Connection"
                          },
                          "type": "array"
                        }
                      }
                    },
                    "description": "Connections",
                    "headers": {
                      "X-Total-Count": {
                        "description": "Items in all pages",
                        "schema": {
                          "type": "integer"
                        }
                      }
                    }
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "List connections (secrets never shown)"
              },
              "post": {
                "description": "Role: admin.",
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "additionalProperties": false,
                        "properties": {
                          "account_name": {
                            "type": [
                              "string",
                              "null"
                            ]
                          },
                          "api_url": {
                            "type": [
                              "string",
                              "null"
                            ]
                          },
                          "id": {
                            "type": "string"
                          },
                          "poll_interval_seconds": {
                            "minimum": 5,
                            "type": [
                              "integer",
                              "null"
                            ]
                          },
                          "provider": {
                            "type": "string"
                          },
                          "token": {
                            "type": [
                              "string",
                              "null"
                            ],
                            "writeOnly": true
                          },
                          "webhook_basic_auth": {
                            "properties": {
                              "password": {
                                "type": "string",
                                "writeOnly": true
                              },
                              "user": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "user",
                              "password"
                            ],
                            "type": [
                              "object",
                              "null"
                            ]
                          },
                          "webhook_header": {
                            "properties": {
                              "name": {
                                "type": "string"
                              },
                              "value": {
                                "type": "string",
                                "writeOnly": true
                              }
                            },
                            "required": [
                              "name",
                              "value"
                            ],
                            "type": [
                              "object",
                              "null"
                            ]
                          },
                          "webhook_secret": {
                            "type": [
                              "string",
                              "null"
                            ],
                            "writeOnly": true
                          }
                        },
                        "required": [
                          "id",
                          "provider"
                        ],
                        "type": "object"
                      }
                    }
                  },
                  "required": true
                },
                "responses": {
                  "201": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Connection"
                        }
                      }
                    },
                    "description": "Created"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "Create a connection (secrets are write-only)"
              }
            },
            "/v2/sourcecontrol/connections/{id}": {
              "delete": {
                "description": "Role: admin.",
                "parameters": [
                  {
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "204": {
                    "description": "Deleted"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "409": {
                    "$ref": "#/components/responses/Conflict"
                  }
                },
                "summary": "Delete a connection"
              },
              "get": {
                "description": "Role: viewer.",
                "parameters": [
                  {
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Connection"
                        }
                      }
                    },
                    "description": "The connection"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  }
                },
                "summary": "Get a connection"
              },
              "patch": {
                "description": "Role: admin.",
                "parameters": [
                  {
                    "in": "path",
                    "name": "id",
                    "required": true,
                    "schema": {
                      "type": "string"
                    }
                  }
                ],
                "requestBody": {
                  "content": {
                    "application/json": {
                      "schema": {
                        "additionalProperties": false,
                        "properties": {
                          "account_name": {
                            "type": [
                              "string",
                              "null"
                            ]
                          },
                          "api_url": {
                            "type": [
                              "string",
                              "null"
                            ]
                          },
                          "poll_interval_seconds": {
                            "minimum": 5,
                            "type": [
                              "integer",
                              "null"
                            ]
                          },
                          "provider": {
                            "type": "string"
                          },
                          "token": {
                            "type": [
                              "string",
                              "null"
                            ],
                            "writeOnly": true
                          },
                          "webhook_basic_auth": {
                            "properties": {
                              "password": {
                                "type": "string",
                                "writeOnly": true
                              },
                              "user": {
                                "type": "string"
                              }
                            },
                            "required": [
                              "user",
                              "password"
                            ],
                            "type": [
                              "object",
                              "null"
                            ]
                          },
                          "webhook_header": {
                            "properties": {
                              "name": {
                                "type": "string"
                              },
                              "value": {
                                "type": "string",
                                "writeOnly": true
                              }
                            },
                            "required": [
                              "name",
                              "value"
                            ],
                            "type": [
                              "object",
                              "null"
                            ]
                          },
                          "webhook_secret": {
                            "type": [
                              "string",
                              "null"
                            ],
                            "writeOnly": true
                          }
                        },
                        "type": "object"
                      }
                    }
                  },
                  "required": true
                },
                "responses": {
                  "200": {
                    "content": {
                      "application/json": {
                        "schema": {
                          "$ref": "#/components/schemas/Connection"
                        }
                      }
                    },
                    "description": "Changed"
                  },
                  "400": {
                    "$ref": "#/components/responses/BadRequest"
                  },
                  "401": {
                    "$ref": "#/components/responses/Unauthorized"
                  },
                  "403": {
                    "$ref": "#/components/responses/Forbidden"
                  },
                  "404": {
                    "$ref": "#/components/responses/NotFound"
                  },
                  "422": {
                    "$ref": "#/components/responses/Invalid"
                  }
                },
                "summary": "Change a connection"
              }
            }
          },
          "security": [
            {
              "apiKey": []
            },
            {
              "bearer": []
            }
          ],
          "servers": [
            {
              "url": "/"
            }
          ]
        }
        """#
}
